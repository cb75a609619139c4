import { type Finding, type FindingDraft, redactSecret, type Severity } from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { isoDate, nonBlankString, putString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

type Rec = Record<string, unknown>;
const SCANNER = 'trivy-operator';

/** One custom resource's context, worked out once per resource. */
export interface OperatorContext {
  resource: Rec;
  tool: FindingDraft['tool'];
  /** `namespace/Kind/name` of the scanned workload (`Kind/name` when cluster-scoped), or the report's own name. */
  resourceId: string;
  container: string | undefined;
  /** `registry/repository:tag` of the scanned image, when the report names one. */
  image: string | undefined;
  namespace: string | undefined;
  reportKind: string;
  identifiedAt: string | undefined;
  options: ParseOptions | undefined;
}

/** Trivy's words; UNKNOWN (no severity in the database) and NONE are informational. */
const TRIVY_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNKNOWN: 'info',
  NONE: 'info',
};
const SECRET_MITIGATION =
  'Revoke and rotate the secret, remove it from the image and its history, and load it from a secret store.';

const str = (v: unknown): string | undefined => nonBlankString(v)?.trim();
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});

/** Context of a resource: labels name the workload; report.registry and artifact name the image. */
export function operatorContext(resource: Rec, options: ParseOptions | undefined): OperatorContext {
  const meta = rec(resource.metadata);
  const labels = rec(meta.labels);
  const report = rec(resource.report);
  const kind = str(labels['trivy-operator.resource.kind']);
  const name = str(labels['trivy-operator.resource.name']);
  const ns = str(labels['trivy-operator.resource.namespace']) ?? (kind ? undefined : str(meta.namespace));
  const own = [ns, kind ?? str(resource.kind), name ?? str(meta.name)].filter(Boolean).join('/');
  const scanner = rec(report.scanner);
  const artifact = rec(report.artifact);
  const repo = str(artifact.repository);
  const server = str(rec(report.registry).server);
  const tag = str(artifact.tag);
  const digest = str(artifact.digest);
  const image = repo
    ? `${server ? `${server}/` : ''}${repo}${tag ? `:${tag}` : digest ? `@${digest}` : ''}`
    : undefined;
  return {
    resource,
    tool: {
      id: SCANNER,
      name: str(scanner.name) ?? 'Trivy',
      ...(str(scanner.version) ? { version: str(scanner.version) } : {}),
    },
    resourceId: own || 'cluster',
    container: str(labels['trivy-operator.container.name']),
    image,
    namespace: ns,
    reportKind: str(resource.kind) ?? 'report',
    identifiedAt: isoDate(report.updateTimestamp ?? rec(resource.status).updateTimestamp),
    options,
  };
}

function baseAttributes(c: OperatorContext): Rec {
  const a: Rec = { resource: c.resourceId, reportKind: c.reportKind };
  putString(a, 'container', c.container);
  putString(a, 'image', c.image);
  putString(a, 'namespace', c.namespace);
  return a;
}

/** A finding of the resource `c` describes: its tool and time, then the draft's own fields. */
function resourceFinding(
  at: string,
  c: OperatorContext,
  draft: Omit<FindingDraft, 'tool' | 'identifiedAt'>,
): Finding {
  return toFinding(SCANNER, { path: at }, { tool: c.tool, identifiedAt: c.identifiedAt, ...draft });
}

function severity(raw: unknown, at: string, c: OperatorContext): Severity {
  return severityOf(raw, c.options, `${at}.severity`, TRIVY_SEVERITY);
}

const CHECK_ID = /^(?:AVD-)?([A-Z]{2,4})-?(\d{1,5})$/i;

/** `KSV014` → `AVD-KSV-0014`, `KCV0048` → `AVD-KCV-0048`, as Aqua's vulnerability database names checks. */
function avdId(checkId: string): string | undefined {
  const m = CHECK_ID.exec(checkId);
  return m ? `AVD-${m[1]!.toUpperCase()}-${m[2]!.padStart(4, '0')}` : undefined;
}

/** The check's page, as Trivy links it: `https://avd.aquasec.com/misconfig/ksv014`. */
function avdLink(checkId: string): string[] {
  const m = CHECK_ID.exec(checkId);
  if (!m) return [];
  return [`https://avd.aquasec.com/misconfig/${m[1]!.toLowerCase()}${String(Number(m[2])).padStart(3, '0')}`];
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];
}

/** report.vulnerabilities[]: a package of the image with a known vulnerability. */
export function vulnerabilityFinding(v: Rec, at: string, c: OperatorContext): Finding {
  const id = str(v.vulnerabilityID) ?? 'unknown-vulnerability';
  const pkg = str(v.resource) ?? 'unknown-package';
  const version = str(v.installedVersion);
  const fixed = str(v.fixedVersion);
  const target = str(v.target);
  const a = baseAttributes(c);
  putString(a, 'target', target);
  putString(a, 'class', v.class);
  putString(a, 'packageType', v.packageType);
  putString(a, 'packagePath', v.pkgPath ?? v.packagePath);
  putString(a, 'title', v.title);
  const published = isoDate(v.publishedDate);
  if (published) a.published = published;
  const refs = [str(v.primaryLink), ...strings(v.links)].filter((x): x is string => x !== undefined);
  const nvd = rec(rec(v.cvss).nvd);
  return resourceFinding(at, c, {
    ruleId: id,
    name: `${id} ${pkg}${version ? ` ${version}` : ''}`,
    description: str(v.description) ?? str(v.title),
    severity: severity(v.severity, at, c),
    category: 'SCA',
    location: {
      kind: 'package',
      name: pkg,
      ...(version ? { version } : {}),
      ...(fixed ? { fixedVersion: fixed } : {}),
      ...(str(v.pkgPURL) ? { purl: str(v.pkgPURL) } : {}),
      ...(str(v.packageType) ? { ecosystem: str(v.packageType) } : {}),
      path: c.image ?? target ?? c.resourceId,
    },
    cve: [id],
    cvss: cvssOf(nvd.V3Vector, v.score ?? nvd.V3Score),
    references: [...new Set(refs)],
    mitigation: fixed ? `Upgrade ${pkg} to ${fixed}` : undefined,
    attributes: a,
  });
}

/** report.checks[] of Config audit, RBAC and infra assessment reports: a failed check of the resource. */
export function checkFinding(k: Rec, at: string, c: OperatorContext): Finding | undefined {
  if (k.success === true) return undefined;
  const id = str(k.checkID) ?? str(k.id) ?? '0';
  const title = str(k.title) ?? id;
  const avd = avdId(id);
  const messages = strings(k.messages);
  const remediation = str(k.remediation);
  const mitigation = [remediation, messages.join('\n')].filter(Boolean).join('\n\n');
  const a = baseAttributes(c);
  putString(a, 'checkCategory', k.category);
  putString(a, 'avdId', avd);
  if (messages.length > 0) a.messages = messages;
  return resourceFinding(at, c, {
    ruleId: id,
    name: `${id} - ${title}`,
    description: str(k.description),
    severity: severity(k.severity, at, c),
    category: 'IaC',
    location: { kind: 'source', file: c.resourceId },
    references: avdLink(id),
    mitigation: mitigation || undefined,
    attributes: a,
  });
}

/** report.secrets[]: Trivy masks the value in `match`; the line is masked again and only hashed. */
export function secretFinding(s: Rec, at: string, c: OperatorContext): Finding {
  const rule = str(s.ruleID) ?? 'secret';
  const title = str(s.title) ?? rule;
  const target = str(s.target) ?? c.image ?? c.resourceId;
  const match = str(s.match);
  const a = baseAttributes(c);
  putString(a, 'secretCategory', s.category);
  return resourceFinding(at, c, {
    ruleId: rule,
    name: `Secret detected in ${target} - ${title}`,
    severity: severity(s.severity, at, c),
    category: 'Secrets',
    location: {
      kind: 'source',
      file: target,
      ...(match ? { snippet: redactLine(match, undefined, '') } : {}),
    },
    cwe: ['CWE-798'],
    mitigation: SECRET_MITIGATION,
    secret: match ? redactSecret(match) : undefined,
    attributes: a,
  });
}

/**
 * status.detailReport.results[] of a ClusterComplianceReport: every failed check of one control. The
 * check's severity wins; the control's is used when the check has none.
 */
export function complianceFindings(result: Rec, at: string, c: OperatorContext): Finding[] {
  const control = str(result.id) ?? 'control';
  const checks = Array.isArray(result.checks) ? result.checks : [];
  const out: Finding[] = [];
  for (let i = 0; i < checks.length; i++) {
    const k = rec(checks[i]);
    if (k.success !== false) continue;
    const where = `${at}.checks[${i}]`;
    const id = str(k.checkID) ?? control;
    const target = str(k.target) ?? c.resourceId;
    const a = baseAttributes(c);
    a.control = control;
    putString(a, 'controlName', result.name);
    putString(a, 'checkCategory', k.category);
    putString(a, 'checkTitle', k.title);
    const messages = strings(k.messages);
    if (messages.length > 0) a.messages = messages;
    const sev = str(k.severity) ? k.severity : result.severity;
    out.push(
      resourceFinding(where, c, {
        ruleId: id,
        name: `${control} ${id} ${target}`,
        description: [str(result.description), str(k.description)].filter(Boolean).join('\n\n') || undefined,
        severity: severity(sev, where, c),
        category: 'Compliance',
        location: { kind: 'source', file: target },
        references: avdLink(id),
        mitigation: str(k.remediation),
        attributes: a,
      }),
    );
  }
  return out;
}

/**
 * status.summaryReport.controlCheck[] of a summary ClusterComplianceReport: a control with failures;
 * its checks are looked up in spec.compliance.controls.
 */
export function controlFinding(control: Rec, at: string, c: OperatorContext): Finding | undefined {
  const fails = typeof control.totalFail === 'number' ? control.totalFail : Number(control.totalFail ?? 0);
  if (!(fails > 0)) return undefined;
  const id = str(control.id) ?? 'control';
  const specs = rec(rec(c.resource.spec).compliance).controls;
  const spec = rec(Array.isArray(specs) ? specs.find((s) => isRecord(s) && s.id === id) : undefined);
  const checks = Array.isArray(spec.checks) ? spec.checks.map((k) => str(rec(k).id)).filter(Boolean) : [];
  const a = baseAttributes(c);
  a.totalFail = fails;
  if (checks.length > 0) a.checks = checks;
  return resourceFinding(at, c, {
    ruleId: id,
    name: `${id} ${str(control.name) ?? str(spec.name) ?? ''} (${fails} failed)`,
    description: str(spec.description) ?? str(control.name),
    severity: severity(control.severity ?? spec.severity, at, c),
    category: 'Compliance',
    location: { kind: 'source', file: c.resourceId },
    attributes: a,
  });
}
