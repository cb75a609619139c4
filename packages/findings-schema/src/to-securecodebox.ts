import type { Finding } from './finding.js';
import { locationToText } from './location-text.js';
import { scbConventions } from './securecodebox/conventions.js';
import type { ScbReference, ScbSeverity, SecureCodeBoxFinding } from './securecodebox-finding.js';
import type { Severity } from './severity.js';

/** The scan the findings belong to, as secureCodeBox records it on every finding. */
export interface ScbScanInfo {
  name: string;
  /** Kubernetes namespace; `default` when not given. */
  namespace?: string;
  /** secureCodeBox scan type, e.g. `trivy-image`, `zap-baseline-scan`; we pass our parser id. */
  scanType: string;
  /** ISO 8601; defaults to `parsedAt`. */
  createdAt?: string;
  /** ISO 8601 time stamped on every finding as `parsed_at`; defaults to now. */
  parsedAt?: string;
}

/** critical has no secureCodeBox equivalent: it becomes HIGH, and `attributes.original_severity` keeps it. */
export const SEVERITY_TO_SCB: Readonly<Record<Severity, ScbSeverity>> = {
  critical: 'HIGH',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

/**
 * Keys under `attributes` that carry our own data, so `fromSecureCodeBox` restores a finding exactly.
 * The scanner's own attributes travel untouched under `scanner_attributes`.
 */
export const SCB_RESERVED_ATTRIBUTES = [
  'original_severity',
  'original_name',
  'original_category',
  'original_mitigation',
  'fingerprint',
  'rule_id',
  'tool',
  'cwe',
  'cve',
  'cvss',
  'confidence',
  'occurrences',
  'location_details',
  'stable_id',
  'secret',
  'scanner_attributes',
] as const;

/** Converts canonical findings into a secureCodeBox findings array (valid against its findings schema). */
export function toSecureCodeBox(findings: Iterable<Finding>, scan: ScbScanInfo): SecureCodeBoxFinding[] {
  const parsedAt = scan.parsedAt ?? new Date().toISOString();
  const scbScan = {
    created_at: scan.createdAt ?? parsedAt,
    name: scan.name,
    namespace: scan.namespace ?? 'default',
    scan_type: scan.scanType,
  };
  const out: SecureCodeBoxFinding[] = [];
  for (const f of findings) out.push(toScbFinding(f, parsedAt, scbScan));
  return out;
}

function toScbFinding(
  f: Finding,
  parsedAt: string,
  scan: SecureCodeBoxFinding['scan'],
): SecureCodeBoxFinding {
  const c = scbConventions[f.tool.id] ?? {};
  const location = c.location ? c.location(f) : locationToText(f.location);
  const mitigation = c.mitigation ? c.mitigation(f) : f.mitigation;
  const name = c.name?.(f) || f.name;
  const category = c.category?.(f) || f.category;
  const references = toReferences(f);
  const attributes = dropUndefined({
    ...(c.attributes?.(f) ?? {}),
    original_severity: f.severity,
    // Where a secureCodeBox convention renamed or re-categorised a finding, the original is kept.
    original_name: name !== f.name ? f.name : undefined,
    original_category: category !== f.category ? f.category : undefined,
    original_mitigation: mitigation !== f.mitigation ? (f.mitigation ?? null) : undefined,
    fingerprint: f.fingerprint,
    rule_id: f.ruleId,
    tool: f.tool,
    cwe: f.cwe,
    cve: f.cve,
    cvss: f.cvss,
    confidence: f.confidence,
    occurrences: f.occurrences,
    location_details: f.location,
    stable_id: f.stableId,
    secret: f.secret,
    scanner_attributes: f.attributes,
  });
  return dropUndefined({
    id: f.id,
    identified_at: f.identifiedAt,
    parsed_at: parsedAt,
    name,
    description: f.description,
    category,
    severity: SEVERITY_TO_SCB[f.severity],
    mitigation,
    references: references.length > 0 ? references : undefined,
    attributes,
    location,
    scan,
  }) as SecureCodeBoxFinding;
}

/** CVE/GHSA/OSV ids, CWE ids and URLs as secureCodeBox `{type, value}` references. */
function toReferences(f: Finding): ScbReference[] {
  const refs: ScbReference[] = [];
  for (const id of f.cve) refs.push({ type: vulnIdType(id), value: id });
  for (const id of f.cwe) refs.push({ type: 'CWE', value: id });
  for (const r of f.references) refs.push({ type: /^https?:\/\//i.test(r) ? 'URL' : 'TEXT', value: r });
  return refs;
}

function vulnIdType(id: string): string {
  const prefix = /^([A-Za-z]+)-/.exec(id)?.[1]?.toUpperCase();
  return prefix === 'CVE' || prefix === 'GHSA' || prefix === 'OSV' ? prefix : (prefix ?? 'ID');
}

function dropUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
