import type { Cvss, FindingDraft, Severity } from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { putString } from './support/field-readers.js';
import { severityOf } from './support/severity-of.js';

export const DEPENDENCY_CHECK = 'dependency-check';

/** A dependency as both report formats describe it. */
export interface DcDependency {
  fileName?: string;
  filePath?: string;
  sha256?: string;
  /** Package ids (`pkg:maven/g/a@1.0`, or schema 1.x's `(g:a:1.0)` maven identifiers). */
  packageIds: string[];
  isVirtual?: boolean;
  /** The same file found elsewhere (`relatedDependencies`): other paths of this dependency. */
  relatedPaths: string[];
}

/** A vulnerability as both report formats describe it (CVSS parts by their JSON names). */
export interface DcVulnerability {
  source?: string;
  name?: string;
  severity?: string;
  cvssV2?: Record<string, string | undefined>;
  cvssV3?: Record<string, string | undefined>;
  /** Schema 1.x: one score and one CWE text. */
  cvssScore?: string;
  cwes: string[];
  description?: string;
  references: string[];
  notes?: string;
  /** Listed in CISA's Known Exploited Vulnerabilities catalog (`knownExploitedVulnerability`). */
  knownExploited?: boolean;
}

const DC_SEVERITY: Readonly<Record<string, Severity>> = { MODERATE: 'medium', UNKNOWN: 'info', INFO: 'info' };
const V3_PARTS: readonly [string, string][] = [
  ['AV', 'attackVector'],
  ['AC', 'attackComplexity'],
  ['PR', 'privilegesRequired'],
  ['UI', 'userInteraction'],
  ['S', 'scope'],
  ['C', 'confidentialityImpact'],
  ['I', 'integrityImpact'],
  ['A', 'availabilityImpact'],
];
const V2_PARTS: readonly [string, string][] = [
  ['AV', 'accessVector'],
  ['AC', 'accessComplexity'],
  ['Au', 'authentication'],
  ['C', 'confidentialImpact'],
  ['I', 'integrityImpact'],
  ['A', 'availabilityImpact'],
];

/**
 * Other spellings of a metric: the XML schema's `authenticationr`, schema 4.0's
 * `confidentialityImpact`, and the JSON template's `authenticationr>` (its key has the `>`).
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  authentication: ['authenticationr', 'authenticationr>'],
  confidentialImpact: ['confidentialityImpact'],
};

/** The vector built from dependency-check's spelled-out metrics (NETWORK → N, …), if all are there. */
function vectorOf(
  parts: Record<string, string | undefined>,
  names: readonly [string, string][],
): string | undefined {
  const out: string[] = [];
  for (const [abbr, field] of names) {
    const v = parts[field] ?? ALIASES[field]?.map((a) => parts[a]).find((x) => x !== undefined);
    if (!v) return undefined;
    out.push(`${abbr}:${v.trim().charAt(0).toUpperCase()}`);
  }
  return out.join('/');
}

function cvssOfVuln(v: DcVulnerability): Cvss | undefined {
  const v3 = v.cvssV3;
  if (v3?.baseScore) {
    const version = v3.version?.trim() || '3.1';
    const vector =
      v3.vectorString?.trim() || (vectorOf(v3, V3_PARTS) && `CVSS:${version}/${vectorOf(v3, V3_PARTS)}`);
    return cvssOf(vector, v3.baseScore, version);
  }
  const v2 = v.cvssV2;
  if (v2?.score) return cvssOf(v2.vectorString?.trim() || vectorOf(v2, V2_PARTS), v2.score, '2.0');
  return v.cvssScore ? cvssOf(undefined, v.cvssScore, '2.0') : undefined;
}

/** `pkg:maven/org.a/b@1.0` → name `org.a:b`, version 1.0; `(org.a:b:1.0)` (schema 1.x) likewise. */
function packageOf(d: DcDependency): { name: string; version?: string; purl?: string; ecosystem?: string } {
  const purl = d.packageIds.find((p) => p.startsWith('pkg:'));
  if (purl) {
    const m = /^pkg:([^/]+)\/([^@?#]+)(?:@([^?#]+))?/.exec(purl);
    if (m) {
      const name = decodeURIComponent(m[2]!).replace(/\//g, m[1] === 'maven' ? ':' : '/');
      return { name, version: m[3] ? decodeURIComponent(m[3]) : undefined, purl, ecosystem: m[1] };
    }
  }
  const gav = d.packageIds.map((p) => p.replace(/^\(|\)$/g, '').split(':')).find((p) => p.length === 3);
  if (gav) return { name: `${gav[0]}:${gav[1]}`, version: gav[2], ecosystem: 'maven' };
  return { name: d.fileName || d.filePath || 'unknown dependency' };
}

const ADVISORY_ID = /^(CVE-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3})$/i;

export function dcDraft(
  d: DcDependency,
  v: DcVulnerability,
  options: ParseOptions | undefined,
  where: string,
  toolVersion?: string,
): FindingDraft {
  const pkg = packageOf(d);
  const id = v.name?.trim() || 'unnamed vulnerability';
  const cvss = cvssOfVuln(v);
  // JSON reports of some releases write `severity` only for unscored vulnerabilities, and the v3
  // severity under the key `baseSeverity>`.
  const rawSeverity =
    v.severity?.trim() || v.cvssV3?.baseSeverity || v.cvssV3?.['baseSeverity>'] || v.cvssV2?.severity;
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'source', v.source);
  putString(attributes, 'fileName', d.fileName);
  putString(attributes, 'sha256', d.sha256);
  putString(attributes, 'notes', v.notes?.trim());
  if (d.isVirtual) attributes.virtual = true;
  if (v.knownExploited) attributes.knownExploited = true;
  if (d.relatedPaths.length > 0) attributes.relatedPaths = d.relatedPaths.slice(0, 20);
  return {
    tool: {
      id: DEPENDENCY_CHECK,
      name: 'OWASP Dependency-Check',
      ...(toolVersion ? { version: toolVersion } : {}),
    },
    ruleId: id,
    name: `${id} in ${pkg.version ? `${pkg.name}@${pkg.version}` : pkg.name}`,
    description: v.description?.trim() || undefined,
    severity: rawSeverity
      ? severityOf(rawSeverity, options, `${where}: severity`, DC_SEVERITY)
      : severityOf(undefined, options, `${where}: severity`),
    category: 'Dependency',
    location: {
      kind: 'package',
      name: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      ecosystem: pkg.ecosystem,
      path: d.filePath || d.fileName || undefined,
    },
    cwe: cweIds(v.cwes),
    cve: ADVISORY_ID.test(id) ? [/^cve-/i.test(id) ? id.toUpperCase() : id] : [],
    cvss,
    references: [...new Set(v.references.filter((r) => r.trim() !== ''))].slice(0, 25),
    attributes,
  };
}
