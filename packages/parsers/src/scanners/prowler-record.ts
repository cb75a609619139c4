import type { Finding } from '@scanrelay/findings-schema';
import type { ParseErrorWhere } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { isoDate } from './support/field-readers.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

export const PROWLER = 'prowler';

/** One prowler check result, whatever output it was read from (OCSF JSON, v3 JSON, CSV). */
export interface ProwlerRecord {
  checkId: string;
  title?: string;
  /** PASS, FAIL, MANUAL (4+), INFO (3.x manual checks), MUTED… as written. */
  status: string;
  statusDetail?: string;
  severity?: string;
  provider?: string;
  service?: string;
  account?: string;
  region?: string;
  resourceUid?: string;
  resourceName?: string;
  resourceType?: string;
  namespace?: string;
  findingUid?: string;
  time?: string;
  description?: string;
  risk?: string;
  relatedUrl?: string;
  remediation?: string;
  remediationUrl?: string;
  remediationCli?: string;
  urls: string[];
  compliance: string[];
  muted: boolean;
  version?: string;
}

/** An http(s) URL, else undefined (OCSF remediation references mix URLs and CLI commands). */
export function urlOrUndefined(v: string | undefined): string | undefined {
  const t = v?.trim();
  return t && /^https?:\/\/\S+$/.test(t) ? t : undefined;
}

/** A time prowler wrote: ISO text (`2025-02-14 14:27:03.913874`, read as UTC) or Unix seconds. */
function timeOf(v: string | undefined): string | undefined {
  if (!v) return undefined;
  if (/^\d{9,11}$/.test(v)) return new Date(Number(v) * 1000).toISOString();
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v.replace(' ', 'T')}Z`;
  return isoDate(zoned);
}

function description(r: ProwlerRecord): string | undefined {
  const parts = [r.statusDetail, r.description, r.risk ? `Risk: ${r.risk}` : undefined];
  const text = parts.filter((p) => p && p.trim() !== '').join('\n\n');
  return text === '' ? undefined : text;
}

/**
 * The finding of a FAIL result. One finding is one check on one resource: the resource (ARN, Azure
 * or GCP resource id, Kubernetes object) is the location's `file`, prowler's finding uid
 * (`prowler-<provider>-<check>-<account>-<region>-<resource>`) its stable id.
 */
export function toProwlerFinding(
  r: ProwlerRecord,
  where: ParseErrorWhere,
  options: ParseOptions | undefined,
): Finding {
  const at = where.path ?? `line ${where.line ?? '?'}`;
  const resource = r.resourceUid || r.resourceName;
  const references = [urlOrUndefined(r.relatedUrl), urlOrUndefined(r.remediationUrl), ...r.urls].filter(
    (u): u is string => u !== undefined,
  );
  const mitigation = [r.remediation?.trim(), r.remediationCli ? `CLI: ${r.remediationCli.trim()}` : undefined]
    .filter((p) => p && p !== '')
    .join('\n');
  return toFinding(PROWLER, where, {
    tool: {
      id: PROWLER,
      name: 'Prowler',
      ...(r.version && !r.version.startsWith('<') ? { version: r.version } : {}),
    },
    ruleId: r.checkId,
    name: r.title?.trim() || r.checkId,
    description: description(r),
    severity: severityOf(r.severity, options, `${at}: severity`),
    category: 'Cloud',
    location: resource ? { kind: 'source', file: resource } : undefined,
    references: [...new Set(references)],
    mitigation: mitigation || undefined,
    identifiedAt: timeOf(r.time),
    stableId: r.findingUid || undefined,
    attributes: {
      status: r.status,
      ...(r.muted ? { suppressed: true } : {}),
      ...(r.provider ? { provider: r.provider.toLowerCase() } : {}),
      ...(r.service ? { service: r.service } : {}),
      ...(r.account ? { account: r.account } : {}),
      ...(r.region ? { region: r.region } : {}),
      ...(r.resourceType ? { resourceType: r.resourceType } : {}),
      ...(r.resourceName && r.resourceName !== resource ? { resourceName: r.resourceName } : {}),
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.compliance.length > 0 ? { compliance: r.compliance } : {}),
    },
  });
}

/** Statuses that are no failure: passed, manual review (MANUAL in 4+, INFO in 3.x), not applicable. */
const NOT_FAILED = new Set(['PASS', 'MANUAL', 'INFO', 'SKIPPED', 'NOT_AVAILABLE']);

/**
 * True for a FAIL result (and for the MUTED status of early 4.x releases: a muted failure, marked
 * suppressed); warns about a status word it does not know (and skips that result).
 */
export function isFailure(r: ProwlerRecord, at: string, options: ParseOptions | undefined): boolean {
  const s = r.status.trim().toUpperCase();
  if (s === 'FAIL') return true;
  if (s === 'MUTED') {
    r.muted = true;
    return true;
  }
  if (!NOT_FAILED.has(s))
    options?.onWarning?.(`prowler: ${at}: unknown status "${r.status}"; result skipped`);
  return false;
}
