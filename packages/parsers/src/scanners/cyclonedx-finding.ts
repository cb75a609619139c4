import {
  type Cvss,
  type Finding,
  normalizeSeverity,
  type PackageLocation,
  type Severity,
  severityFromCvssScore,
  severityRank,
} from '@scanrelay/findings-schema';
import type { ParseErrorWhere } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, putString } from './support/field-readers.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'cyclonedx';

/** What a vulnerability needs of a component; components are small, so a map of them is kept. */
export interface CdxComponent {
  name: string;
  version?: string | undefined;
  purl?: string | undefined;
  group?: string | undefined;
}

export interface CdxRating {
  severity?: string | undefined;
  score?: number | undefined;
  method?: string | undefined;
  vector?: string | undefined;
}

/** A vulnerability of the JSON or XML form (native 1.4+ or the 1.0 vulnerability extension), read. */
export interface CdxVulnerability {
  id: string;
  /** bom-refs of the affected components (`affects[].ref`, or the extension's `ref` attribute). */
  refs: string[];
  /** The component the extension nests the vulnerability in (XML 1.2/1.3 `component/v:vulnerabilities`). */
  component?: CdxComponent | undefined;
  ratings: CdxRating[];
  cwes: unknown[];
  otherIds: string[];
  description?: string | undefined;
  detail?: string | undefined;
  recommendation?: string | undefined;
  workaround?: string | undefined;
  advisories: string[];
  sourceName?: string | undefined;
  sourceUrl?: string | undefined;
  published?: string | undefined;
  analysis?: { state?: string; justification?: string; response: string[]; detail?: string } | undefined;
}

/** Per report: the BOM's subject (`metadata.component`), date and producing tool, and warnings. */
export interface CdxContext {
  tool: { id: string; name: string; version?: string };
  /** The subject's name: the package path, kept across releases of the subject. */
  subject: string | undefined;
  subjectVersion: string | undefined;
  identifiedAt: string | undefined;
  options: ParseOptions | undefined;
  /** `isoDate` of the dates seen in this report (vulnerabilities of one BOM share a few dates). */
  isoDates?: Map<string, string | undefined>;
}

const MAX_DATES = 256;

/** `isoDate(v)`, remembered per report (a report is read in one time zone). */
function reportDate(v: string | undefined, c: CdxContext): string | undefined {
  if (v === undefined) return undefined;
  let dates = c.isoDates;
  if (dates === undefined) {
    dates = new Map();
    c.isoDates = dates;
  }
  if (dates.has(v)) return dates.get(v);
  if (dates.size >= MAX_DATES) dates.clear();
  const iso = isoDate(v);
  dates.set(v, iso);
  return iso;
}

/** Method names of the spec (1.4+) and of the 1.0 extension, best first. */
const CVSS_METHODS = ['CVSSv4', 'CVSSv31', 'CVSSv3', 'CVSSv2'];
const VECTOR_PREFIX: Readonly<Record<string, string>> = {
  CVSSv4: 'CVSS:4.0/',
  CVSSv31: 'CVSS:3.1/',
  CVSSv3: 'CVSS:3.0/',
};
/** VEX states that say the component is not (or no longer) exposed; kept, and marked. */
const NOT_EXPOSED = new Set(['not_affected', 'false_positive', 'resolved', 'resolved_with_pedigree']);

/** The first rating of `method` with a vector or a score (a loop: no closure per call). */
function ratingOf(ratings: readonly CdxRating[], method: string): CdxRating | undefined {
  for (let i = 0; i < ratings.length; i++) {
    const x = ratings[i]!;
    if (x.method === method && (x.vector || x.score !== undefined)) return x;
  }
  return undefined;
}

function cvss(ratings: readonly CdxRating[]): Cvss | undefined {
  for (const method of CVSS_METHODS) {
    const r = ratingOf(ratings, method);
    if (!r) continue;
    const raw = r.vector?.trim();
    const prefix = VECTOR_PREFIX[method];
    const vector = raw && prefix && !raw.startsWith('CVSS:') ? `${prefix}${raw}` : raw;
    const found = cvssOf(vector, r.score, method === 'CVSSv2' ? '2.0' : undefined);
    if (found) return found;
  }
  return undefined;
}

/**
 * The highest severity any rating gives (a BOM may list several sources); a rating without a word
 * counts by its score. No usable rating: medium, as DefectDojo does.
 */
function severity(v: CdxVulnerability, at: string, options: ParseOptions | undefined): Severity {
  let best: Severity | undefined;
  for (const r of v.ratings) {
    const word = r.severity?.trim();
    let s: Severity | undefined;
    if (word) {
      s = normalizeSeverity(word);
      if (!s) options?.onWarning?.(`${at}: unknown severity "${word.slice(0, 20)}"; rating ignored`);
    } else if (r.score !== undefined && r.score > 0) s = severityFromCvssScore(r.score);
    else if (r.vector) {
      const c = cvss([r]);
      if (c?.score !== undefined) s = severityFromCvssScore(c.score);
    }
    if (s && (!best || severityRank[s] > severityRank[best])) best = s;
  }
  return best ?? 'medium';
}

function decoded(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** `pkg:maven/org.x/name@1.0?type=jar` → name and version, for a ref that names no component. */
function componentFromPurl(ref: string): CdxComponent | undefined {
  if (!ref.startsWith('pkg:')) return undefined;
  const path = ref.split(/[?#]/, 1)[0]!;
  const at = path.lastIndexOf('@');
  const nameAndType = at > path.lastIndexOf('/') ? path.slice(0, at) : path;
  const name = nameAndType.slice(nameAndType.lastIndexOf('/') + 1);
  if (name === '' || !nameAndType.includes('/')) return undefined;
  const version = at > path.lastIndexOf('/') ? path.slice(at + 1) : '';
  return { name: decoded(name), version: version ? decoded(version) : undefined, purl: ref };
}

function unique(values: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  for (const v of values) if (v && v.trim() !== '' && !out.includes(v.trim())) out.push(v.trim());
  return out;
}

function attributesOf(v: CdxVulnerability, ref: string | undefined, c: CdxContext): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  putString(a, 'bomRef', ref);
  putString(a, 'subjectVersion', c.subjectVersion);
  putString(a, 'source', v.sourceName);
  const published = reportDate(v.published, c);
  if (published) a.published = published;
  const an = v.analysis;
  if (an?.state) {
    a.vexState = an.state;
    if (NOT_EXPOSED.has(an.state)) a.notExposed = true;
  }
  putString(a, 'vexJustification', an?.justification);
  if (an && an.response.length > 0) a.vexResponse = an.response;
  return a;
}

function description(v: CdxVulnerability): string {
  const parts = unique([v.description, v.detail]);
  return parts.length > 0 ? parts.join('\n\n') : 'Description was not provided.';
}

function mitigation(v: CdxVulnerability): string | undefined {
  const parts = unique([v.recommendation, v.workaround && `Workaround: ${v.workaround}`]);
  if (v.analysis?.detail)
    parts.push(`Analysis (${v.analysis.state ?? 'no state'}): ${v.analysis.detail.trim()}`);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

const PURL_TYPE = /^pkg:([A-Za-z0-9.+-]+)\//;

/** The component as a package location (keys set one by one: no spread of small objects per finding). */
function packageLocation(comp: CdxComponent, subject: string | undefined): PackageLocation {
  const location: PackageLocation = { kind: 'package', name: comp.name };
  if (comp.version) location.version = comp.version;
  if (comp.purl) {
    location.purl = comp.purl;
    location.ecosystem = PURL_TYPE.exec(comp.purl)?.[1];
  }
  if (subject) location.path = subject;
  return location;
}

/**
 * One finding per affected component of a vulnerability. A ref that names no component of the BOM
 * is read as a purl when it is one, else kept as the package name; no `affects` at all means the
 * BOM's own subject is affected.
 */
export function cycloneDxFindings(
  v: CdxVulnerability,
  components: ReadonlyMap<string, CdxComponent>,
  where: ParseErrorWhere,
  c: CdxContext,
): Finding[] {
  const sev = severity(v, where.path ?? `line ${where.line}`, c.options);
  const score = cvss(v.ratings);
  const refs: (string | undefined)[] = v.component ? [undefined] : v.refs.length > 0 ? v.refs : [undefined];
  const out: Finding[] = [];
  for (const ref of refs) {
    const comp =
      v.component ??
      (ref === undefined ? undefined : (components.get(ref) ?? componentFromPurl(ref) ?? { name: ref }));
    const name = comp?.name ?? c.subject;
    out.push(
      toFinding(SCANNER, where, {
        tool: c.tool,
        ruleId: v.id,
        name: `${name ?? 'None'}:${comp?.version ?? 'None'} | ${v.id}`,
        description: description(v),
        severity: sev,
        category: 'SCA',
        location: comp ? packageLocation(comp, c.subject) : undefined,
        cwe: cweIds(v.cwes),
        cve: unique([v.id, ...v.otherIds]),
        cvss: score,
        references: unique([v.sourceUrl, ...v.advisories]),
        mitigation: mitigation(v),
        identifiedAt: c.identifiedAt,
        attributes: attributesOf(v, ref, c),
      }),
    );
  }
  return out;
}
