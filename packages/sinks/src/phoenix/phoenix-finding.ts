import type { Finding, TriageDecision, TriagedFinding } from '@scanrelay/findings-schema';
import { PHOENIX_SEVERITY } from './phoenix-severity.js';

/** A finding as `POST /v1/import/assets` takes it. */
export interface PhoenixFinding {
  name: string;
  description: string;
  remedy: string;
  severity: string;
  location?: string;
  referenceIds?: string[];
  cwes?: string[];
  publishedDateTime?: string;
  details: Record<string, unknown>;
  tags?: { key?: string; value: string }[];
}

/** The tag key a triaged finding carries in Phoenix (its import has no status field). */
const PHOENIX_TRIAGE_TAG = 'scanrelay-status';

const REFERENCE_ID = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})$/i;

function locationText(f: Finding): string | undefined {
  const loc = f.location;
  switch (loc?.kind) {
    case 'source':
      return loc.startLine ? `${loc.file}:${loc.startLine}` : loc.file;
    case 'package':
      return loc.purl ?? (loc.version ? `${loc.name}@${loc.version}` : loc.name);
    case 'url':
      return loc.url;
    case 'host':
      return loc.port !== undefined ? `${loc.host}:${loc.port}` : loc.host;
    default:
      return undefined;
  }
}

function remedyOf(f: Finding): string {
  if (f.mitigation?.trim()) return f.mitigation;
  const loc = f.location;
  if (loc?.kind === 'package' && loc.fixedVersion) return `Upgrade ${loc.name} to ${loc.fixedVersion}`;
  return 'No remedy given by the scanner.';
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, the form Phoenix's import scripts send. */
function publishedOf(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 19).replace('T', ' ');
}

/** A triage decision in `details`: Phoenix's import has no status or ignore field to put it in. */
function triageDetails(t: TriageDecision): Record<string, string> {
  return {
    status: t.status,
    ...(t.reason ? { triageReason: t.reason } : {}),
    ...(t.acceptedUntil ? { acceptedUntil: t.acceptedUntil } : {}),
    ...(t.at ? { triagedAt: t.at } : {}),
  };
}

/**
 * Our finding in Phoenix's shape: severity on the 1–10 scale, `cwes` as `CWE-n`, CVE and GHSA ids
 * in `referenceIds` (other ids such as OSV in `details.otherIds`), remedy from the mitigation. A
 * triaged finding is sent as well (left out of a `new` or `merge` import, Phoenix would close it as
 * fixed), tagged `scanrelay-status: <status>`, the decision in `details`.
 */
export function toPhoenixFinding(f: TriagedFinding): PhoenixFinding {
  const referenceIds = f.cve.filter((id) => REFERENCE_ID.test(id));
  const otherIds = f.cve.filter((id) => !REFERENCE_ID.test(id));
  const location = locationText(f);
  const published = publishedOf(f.identifiedAt);
  return {
    name: f.name,
    description: f.description?.trim() ? f.description : f.name,
    remedy: remedyOf(f),
    severity: PHOENIX_SEVERITY[f.severity],
    ...(location ? { location } : {}),
    ...(referenceIds.length ? { referenceIds } : {}),
    ...(f.cwe.length ? { cwes: f.cwe } : {}),
    ...(published ? { publishedDateTime: published } : {}),
    details: {
      scanrelayId: f.id,
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      tool: f.tool.name,
      category: f.category,
      ...(f.confidence ? { confidence: f.confidence } : {}),
      ...(f.cvss ? { cvss: f.cvss } : {}),
      ...(otherIds.length ? { otherIds } : {}),
      ...(f.references.length ? { references: f.references.slice(0, 20) } : {}),
      ...(f.occurrences > 1 ? { occurrences: f.occurrences } : {}),
      ...(f.triage ? triageDetails(f.triage) : {}),
    },
    ...(f.triage ? { tags: [{ key: PHOENIX_TRIAGE_TAG, value: f.triage.status }] } : {}),
  };
}
