import {
  type Cvss,
  type Finding,
  type FindingDraft,
  normalizeSeverity,
  redactSecret,
  type Severity,
} from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, nonBlankString, positiveInteger, putString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

type Rec = Record<string, unknown>;

/** Where a Trivy item sits, worked out once per result: tool, date and the result's attributes. */
export interface TrivyContext {
  result: Rec;
  tool: FindingDraft['tool'];
  identifiedAt: string | undefined;
  /** Target, class, type and, for Kubernetes reports, `resource` as `namespace/kind/name`. Copied per finding. */
  attributes: Rec;
  /** Where the item is (its JSON path, formatted when read), for errors and warnings. */
  where: { readonly path: string };
  options: ParseOptions | undefined;
}

const SCANNER = 'trivy';
const SECRET_MITIGATION =
  'Revoke and rotate the secret, remove it from the code and its history, and load it from a secret store.';

// Plain loops and no closures: these run once per finding (and tsx wraps every closure it creates).
/** The non-empty strings among `first` and the array `rest`, without repeats. */
function uniqueStrings(first: unknown, rest: unknown): string[] {
  const out: string[] = [];
  if (typeof first === 'string' && first !== '') out.push(first);
  if (Array.isArray(rest))
    for (const x of rest) if (typeof x === 'string' && x !== '' && !out.includes(x)) out.push(x);
  return out;
}

function severity(raw: unknown, fallback: string, c: TrivyContext): Severity {
  return normalizeSeverity(raw ?? fallback) ?? severityOf(raw, c.options, `${c.where.path}.Severity`);
}

const CWE_ID = /^CWE-\d+$/;
/** Trivy writes `CweIDs` as `CWE-<n>` already; anything else goes through the general normaliser. */
function trivyCwes(v: unknown): string[] {
  if (!Array.isArray(v)) return v === undefined || v === null ? [] : cweIds(v);
  const out: string[] = [];
  for (const x of v) {
    if (typeof x !== 'string' || !CWE_ID.test(x)) return cweIds(v);
    if (!out.includes(x)) out.push(x);
  }
  return out;
}

/**
 * Which of Trivy's report shapes a result came from: `results` (an object with Results), the
 * `legacy-array` of results (before 0.20), `k8s` (ClusterName and Resources) or `k8s-legacy`
 * (ClusterName with Vulnerabilities/Misconfigurations lists of resources, before 0.40).
 */
export type TrivyReportShape = 'results' | 'legacy-array' | 'k8s' | 'k8s-legacy';

/** The shape a match at `path` (`Results,0,…`, `0,…`, `Resources,0,Results,0,…`) belongs to. */
export function trivyReportShape(path: readonly (string | number)[]): TrivyReportShape {
  const top = path[0];
  if (typeof top === 'number') return 'legacy-array';
  if (top === 'Results') return 'results';
  return top === 'Resources' ? 'k8s' : 'k8s-legacy';
}

/** References and PrimaryURL as Trivy wrote them (secureCodeBox copies and filters them). */
function putRawReferences(attributes: Rec, item: Rec): void {
  putString(attributes, 'primaryUrl', item.PrimaryURL);
  if (Array.isArray(item.References)) attributes.references = item.References;
}

/** The context shared by every item of one result. */
export function trivyContext(
  result: Rec,
  resource: Rec | undefined,
  root: Rec | undefined,
  shape: TrivyReportShape,
  options: ParseOptions | undefined,
): TrivyContext {
  const trivy = isRecord(root?.Trivy) ? root.Trivy : undefined;
  const version = nonBlankString(trivy?.Version);
  const attributes: Rec = {};
  putString(attributes, 'target', result.Target);
  putString(attributes, 'class', result.Class);
  putString(attributes, 'type', result.Type);
  if (resource) {
    attributes.resource = `${nonBlankString(resource.Namespace) ?? ''}/${nonBlankString(resource.Kind) ?? ''}/${nonBlankString(resource.Name) ?? ''}`;
    putString(attributes, 'namespace', resource.Namespace);
    putString(attributes, 'kind', resource.Kind);
    putString(attributes, 'resourceName', resource.Name);
  }
  putString(attributes, 'clusterName', root?.ClusterName);
  // Kept even when empty: secureCodeBox writes it as the location.
  if (typeof root?.ArtifactName === 'string') attributes.artifactName = root.ArtifactName;
  attributes.reportShape = shape;
  return {
    result,
    tool: version ? { id: SCANNER, name: 'Trivy', version } : { id: SCANNER, name: 'Trivy' },
    identifiedAt: isoDate(root?.CreatedAt),
    attributes,
    where: { path: '$' },
    options,
  };
}

/** The CVSS of the vendor Trivy took the severity from, else NVD's, else the first one; v4 before v3 before v2. */
export function trivyCvss(cvss: unknown, source: unknown): Cvss | undefined {
  if (!isRecord(cvss)) return undefined;
  let vendor = typeof source === 'string' ? cvss[source] : undefined;
  if (!isRecord(vendor)) vendor = cvss.nvd;
  if (!isRecord(vendor)) for (const k in cvss) if (isRecord(cvss[k])) vendor = cvss[k];
  if (!isRecord(vendor)) return undefined;
  return (
    cvssOf(vendor.V40Vector, vendor.V40Score, '4.0') ??
    cvssOf(vendor.V3Vector, vendor.V3Score) ??
    cvssOf(vendor.V2Vector, vendor.V2Score, '2.0')
  );
}

export function vulnerabilityFinding(v: Rec, c: TrivyContext): Finding | undefined {
  const id = nonBlankString(v.VulnerabilityID);
  const pkg = nonBlankString(v.PkgName);
  if (!id || !pkg) {
    c.options?.onWarning?.(`${c.where.path}: a vulnerability without VulnerabilityID or PkgName; skipped`);
    return undefined;
  }
  const version = nonBlankString(v.InstalledVersion);
  const fixed = nonBlankString(v.FixedVersion);
  const purl = isRecord(v.PkgIdentifier)
    ? nonBlankString(v.PkgIdentifier.PURL)
    : nonBlankString(v.Ref)?.startsWith('pkg:')
      ? nonBlankString(v.Ref)
      : undefined;
  const attributes: Rec = Object.assign({}, c.attributes);
  putString(attributes, 'title', v.Title);
  putString(attributes, 'status', v.Status);
  putString(attributes, 'severitySource', v.SeveritySource);
  putString(attributes, 'pkgId', v.PkgID);
  putString(attributes, 'publishedDate', v.PublishedDate);
  putRawReferences(attributes, v);
  return toFinding(SCANNER, c.where, {
    tool: c.tool,
    identifiedAt: c.identifiedAt,
    ruleId: id,
    name: version ? `${id} ${pkg} ${version}` : `${id} ${pkg}`,
    description: nonBlankString(v.Description) ?? nonBlankString(v.Title),
    severity: severity(v.Severity, 'UNKNOWN', c),
    category: 'SCA',
    location: {
      kind: 'package',
      name: pkg,
      version,
      fixedVersion: fixed,
      purl,
      ecosystem: nonBlankString(c.result.Type),
      path: nonBlankString(v.PkgPath) ?? nonBlankString(c.result.Target),
    },
    cwe: trivyCwes(v.CweIDs),
    cve: uniqueStrings(id, v.VendorIDs),
    cvss: trivyCvss(v.CVSS, v.SeveritySource),
    references: uniqueStrings(v.PrimaryURL, v.References),
    mitigation: fixed ? `Upgrade ${pkg} to ${fixed}` : undefined,
    attributes,
  });
}

/** Passed and excepted checks (`--include-non-failures`) are not findings. */
export function misconfigurationFinding(m: Rec, c: TrivyContext): Finding | undefined {
  // secureCodeBox keeps every check of a Kubernetes report, passed ones too.
  const keepAll = c.options?.oneFindingPerRecord === true && c.attributes.reportShape === 'k8s';
  if (!keepAll && (m.Status === 'PASS' || m.Status === 'EXCEPTION')) return undefined;
  const id = nonBlankString(m.ID) ?? nonBlankString(m.AVDID) ?? 'misconfiguration';
  const cause = isRecord(m.CauseMetadata) ? m.CauseMetadata : {};
  const target = nonBlankString(c.result.Target);
  const description = nonBlankString(m.Description);
  const message = nonBlankString(m.Message);
  const attributes: Rec = Object.assign({}, c.attributes);
  putString(attributes, 'checkType', m.Type);
  putString(attributes, 'status', m.Status);
  putString(attributes, 'message', message);
  putString(attributes, 'causeResource', cause.Resource);
  putString(attributes, 'title', m.Title);
  putRawReferences(attributes, m);
  return toFinding(SCANNER, c.where, {
    tool: c.tool,
    identifiedAt: c.identifiedAt,
    ruleId: id,
    name: nonBlankString(m.Title) ? `${id} - ${m.Title as string}` : id,
    description: description && message ? `${description}\n\n${message}` : (description ?? message),
    severity: severity(m.Severity, 'UNKNOWN', c),
    category: 'IaC',
    // Code lines are not kept: configuration often holds credentials.
    location: target
      ? {
          kind: 'source',
          file: target,
          startLine: positiveInteger(cause.StartLine),
          endLine: positiveInteger(cause.EndLine),
        }
      : undefined,
    references: uniqueStrings(m.PrimaryURL, m.References),
    mitigation: nonBlankString(m.Resolution),
    attributes,
  });
}

/**
 * Trivy masks the secret in `Match` itself; the line is masked again in case a version did not, the
 * hash is of the (masked) match, and `Code` (the lines around it) is never kept.
 */
export function secretFinding(s: Rec, c: TrivyContext): Finding {
  const target = nonBlankString(c.result.Target);
  const title = nonBlankString(s.Title) ?? nonBlankString(s.RuleID) ?? 'Secret';
  const match = nonBlankString(s.Match);
  const attributes: Rec = Object.assign({}, c.attributes);
  putString(attributes, 'secretCategory', s.Category);
  return toFinding(SCANNER, c.where, {
    tool: c.tool,
    identifiedAt: c.identifiedAt,
    ruleId: nonBlankString(s.RuleID) ?? 'secret',
    name: `Secret detected in ${target ?? 'input'} - ${title}`,
    severity: severity(s.Severity, 'HIGH', c),
    category: 'Secrets',
    location: target
      ? {
          kind: 'source',
          file: target,
          startLine: positiveInteger(s.StartLine),
          endLine: positiveInteger(s.EndLine),
          snippet: match && redactLine(match, undefined, ''),
        }
      : undefined,
    cwe: ['CWE-798'],
    mitigation: SECRET_MITIGATION,
    secret: match ? redactSecret(match) : undefined,
    attributes,
  });
}

function confidenceOf(v: unknown): 'high' | 'medium' | 'low' | undefined {
  if (typeof v !== 'number') return undefined;
  return v >= 0.9 ? 'high' : v >= 0.5 ? 'medium' : 'low';
}

export function licenseFinding(l: Rec, c: TrivyContext): Finding {
  const license = nonBlankString(l.Name) ?? 'unknown license';
  const pkg = nonBlankString(l.PkgName);
  const file = nonBlankString(l.FilePath);
  const category = nonBlankString(l.Category);
  const lines = [license];
  if (category) lines.push(`Category: ${category}`);
  if (pkg) lines.push(`Package: ${pkg}`);
  if (file) lines.push(`File: ${file}`);
  const attributes: Rec = Object.assign({}, c.attributes);
  putString(attributes, 'licenseCategory', category);
  return toFinding(SCANNER, c.where, {
    tool: c.tool,
    identifiedAt: c.identifiedAt,
    ruleId: license,
    name: `License ${license}${category ? ` (${category})` : ''} in ${pkg ?? file ?? nonBlankString(c.result.Target) ?? 'input'}`,
    description: lines.join('\n'),
    severity: severity(l.Severity, 'UNKNOWN', c),
    category: 'License',
    confidence: confidenceOf(l.Confidence),
    location: pkg
      ? { kind: 'package', name: pkg, path: file ?? nonBlankString(c.result.Target) }
      : file
        ? { kind: 'source', file }
        : undefined,
    references: uniqueStrings(l.Link, undefined),
    attributes,
  });
}
