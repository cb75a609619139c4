import type { Finding } from '../finding.js';
import type { ScbReference, ScbSeverity } from '../securecodebox-finding.js';
import type { ScbConvention } from './convention.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The event fields the nuclei parser keeps in `attributes.record`, or, for findings stored before
 * it did, the few rebuilt from the canonical finding.
 */
function recordOf(f: Finding): Rec {
  if (isRec(f.attributes.record)) return f.attributes.record;
  const at = f.location?.kind === 'url' ? f.location.url : undefined;
  return {
    'template-id': f.attributes.templateId ?? f.ruleId,
    'matched-at': at,
    host: at,
    ip: f.attributes.ip,
    type: f.attributes.type,
    timestamp: f.identifiedAt,
    info: { name: f.name, description: f.description, severity: f.severity, tags: f.attributes.tags },
  };
}
const infoOf = (r: Rec): Rec => (isRec(r.info) ? r.info : {});
/** nuclei ≥ 2.5 writes `template-id`, older releases `templateID`: secureCodeBox had a parser for each. */
const isV2 = (r: Rec) => r['template-id'] === undefined && r.templateID !== undefined;
const orNull = (v: unknown) => v || null;
/** A list field nuclei writes as an array (a lone string from hand-made reports counts as one). */
const listOf = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string');

function severityOf(r: Rec): ScbSeverity | undefined {
  const word = String(infoOf(r).severity ?? '').toUpperCase();
  if (word === 'CRITICAL') return 'HIGH';
  if (word === 'INFO') return 'INFORMATIONAL';
  // secureCodeBox's v2 parser had UNKNOWN as INFORMATIONAL; the current one as LOW.
  if (word === 'UNKNOWN') return isV2(r) ? 'INFORMATIONAL' : 'LOW';
  return word === 'HIGH' || word === 'MEDIUM' || word === 'LOW' ? word : undefined;
}

function referencesOf(r: Rec): ScbReference[] | null {
  const c = isRec(infoOf(r).classification) ? (infoOf(r).classification as Rec) : {};
  const refs: ScbReference[] = listOf(infoOf(r).reference).map((value) => ({ type: 'URL', value }));
  for (const id of listOf(c['cwe-id']))
    refs.push(
      { type: 'CWE', value: id.toUpperCase() },
      { type: 'URL', value: `https://cwe.mitre.org/data/definitions/${id}.html` },
    );
  for (const id of listOf(c['cve-id']))
    refs.push(
      { type: 'CVE', value: id.toUpperCase() },
      { type: 'URL', value: `https://nvd.nist.gov/vuln/detail/${id}` },
    );
  return refs.length > 0 ? refs : null;
}

/** The host name of `host` as a URL; undefined (left out) when it is not one, null when missing. */
function hostnameOf(host: unknown): string | null | undefined {
  if (!host) return null;
  try {
    return new URL(String(host)).hostname;
  } catch {
    return undefined;
  }
}

function currentAttributes(r: Rec): Rec {
  const info = infoOf(r);
  return {
    ip_addresses: r.ip ? [r.ip] : null,
    type: orNull(r.type),
    hostname: hostnameOf(r.host),
    path: orNull(r.path),
    tags: orNull(info.tags),
    reference: orNull(info.reference),
    author: orNull(info.author),
    metadata: orNull(info.metadata),
    timestamp: orNull(r.timestamp),
    matcher_status: orNull(r['matcher-status']),
    matcher_name: orNull(r['matcher-name']),
    matched_at: orNull(r['matched-at']),
    matched_line: orNull(r['matched-line']),
    extracted_results: orNull(r['extracted-results']),
    template: r.template,
    template_url: r['template-url'],
    template_id: r['template-id'],
    request: orNull(r.request),
    response: orNull(r.response),
    curl_command: orNull(r['curl-command']),
  };
}

function v2Attributes(r: Rec): Rec {
  return {
    metadata: orNull(r.meta),
    ip: orNull(r.ip),
    timestamp: orNull(r.timestamp),
    matcher_name: orNull(r.matcher_name),
    matched: orNull(r.matched),
    extracted_results: orNull(r.extracted_results),
    type: orNull(r.type),
    tags: orNull(r.tags),
    reference: orNull(r.reference),
    author: orNull(r.author),
  };
}

const templateOf = (r: Rec) => String(r['template-id'] ?? r.templateID ?? '');

/**
 * secureCodeBox's nuclei parser (scanners/nuclei/parser/parser.js): one finding per event, every
 * event (also `matcher-status: false`), named by the template's name, the template id as category,
 * the scanned host as location, references from the template's links, CWE and CVE ids, and the
 * event's raw fields in attributes. Events of nuclei before 2.5 (`templateID`) follow the parser
 * secureCodeBox shipped for them.
 */
export const nucleiConvention: ScbConvention = {
  name: (f) => (infoOf(recordOf(f)).name as string | undefined) || undefined,
  category: (f) => templateOf(recordOf(f)) || undefined,
  severity: (f) => severityOf(recordOf(f)),
  location: (f) => recordOf(f).host as string | undefined,
  description: (f) => {
    const r = recordOf(f);
    const fallback = `The name of the nuclei rule which triggered the finding: ${templateOf(r)}`;
    return isV2(r) ? fallback : ((infoOf(r).description as string | undefined) ?? fallback);
  },
  identifiedAt: (f) => {
    const r = recordOf(f);
    if (isV2(r) || !r.timestamp) return isV2(r) ? undefined : null;
    const t = Date.parse(String(r.timestamp));
    return Number.isNaN(t) ? null : new Date(t).toISOString();
  },
  references: (f) => (isV2(recordOf(f)) ? undefined : referencesOf(recordOf(f))),
  osiLayer: () => undefined,
  mitigation: () => undefined,
  attributes: (f) => (isV2(recordOf(f)) ? v2Attributes(recordOf(f)) : currentAttributes(recordOf(f))),
};
