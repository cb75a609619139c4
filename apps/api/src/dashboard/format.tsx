import type { Severity } from '@scanrelay/findings-schema';
import { SEVERITY_LABELS } from '../security-page/severity-labels.js';

/** `<time datetime>` with a readable UTC form; an unparsable value is shown as it came. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span class="muted">—</span>;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return <>{iso}</>;
  const d = new Date(ms).toISOString();
  return <time datetime={d}>{`${d.slice(0, 10)} ${d.slice(11, 16)} UTC`}</time>;
}

/** The severity as a coloured badge with its label. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span class={`badge sev-${severity}`}>{SEVERITY_LABELS[severity]}</span>;
}

/** `/dashboard/projects/<name>` (the name URL-encoded). */
export function projectPath(name: string, suffix = ''): string {
  return `/dashboard/projects/${encodeURIComponent(name)}${suffix}`;
}

/** `/dashboard/findings/<id>`. */
export function findingPath(id: string): string {
  return `/dashboard/findings/${encodeURIComponent(id)}`;
}

/** `/dashboard/scans/<id>` (a page of the scan pages). */
export function scanPath(id: string): string {
  return `/dashboard/scans/${encodeURIComponent(id)}`;
}

/** The project's security page (outside the dashboard, same sign-in). */
export function securityPagePath(name: string): string {
  return `/projects/${encodeURIComponent(name)}/security`;
}
