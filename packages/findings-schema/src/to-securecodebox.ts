import type { Finding } from './finding.js';
import { locationToText } from './location-text.js';
import type { ScbConvention } from './securecodebox/convention.js';
import { scbConventions } from './securecodebox/conventions.js';
import type { ScbReference, ScbSeverity, SecureCodeBoxFinding } from './securecodebox-finding.js';
import type { Severity } from './severity.js';
import type { TriageDecision, TriagedFinding } from './triage-decision.js';

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

/** critical has no secureCodeBox equivalent: it becomes HIGH, and
 * `attributes.scanrelay.original_severity` keeps it. */
export const SEVERITY_TO_SCB: Readonly<Record<Severity, ScbSeverity>> = {
  critical: 'HIGH',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'INFORMATIONAL',
};

/**
 * The keys of our own data: since the secureCodeBox-exact export they live in one object,
 * `attributes.scanrelay`; earlier exports wrote them flat under `attributes`, and
 * `fromSecureCodeBox` still reads those. The scanner's own attributes travel untouched under
 * `scanner_attributes`.
 */
export const SCB_RESERVED_ATTRIBUTES = [
  'original_severity',
  'original_name',
  'original_category',
  'original_mitigation',
  'original_description',
  'original_references',
  'original_identified_at',
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

/** The attribute key that holds our own data on every exported finding. */
export const SCB_SCANRELAY_ATTRIBUTE = 'scanrelay';

/**
 * secureCodeBox's findings schema has no triage field: its own DefectDojo hook marks a false positive
 * with `attributes.falsePositive`, and so do we. Every decision (false positive or accepted risk, the
 * reason, the expiry) is also under `attributes.scanrelay.triage`.
 */
export const SCB_FALSE_POSITIVE_ATTRIBUTE = 'falsePositive';

/**
 * Converts canonical findings into a secureCodeBox findings array (valid against its findings schema);
 * a triaged finding carries its decision in `attributes` (see `SCB_FALSE_POSITIVE_ATTRIBUTE`).
 */
export function toSecureCodeBox(
  findings: Iterable<TriagedFinding>,
  scan: ScbScanInfo,
): SecureCodeBoxFinding[] {
  const fixed = { ...scan, parsedAt: scan.parsedAt ?? new Date().toISOString() };
  const out: SecureCodeBoxFinding[] = [];
  for (const f of findings) out.push(toSecureCodeBoxFinding(f, fixed));
  return out;
}

/**
 * Converts one canonical finding, as secureCodeBox's own parser for its scanner would write it
 * (see `scbConventions`), with our data under `attributes.scanrelay`. Pass `parsedAt` when
 * converting a stream so every finding carries the same time.
 */
export function toSecureCodeBoxFinding(f: TriagedFinding, scan: ScbScanInfo): SecureCodeBoxFinding {
  const parsedAt = scan.parsedAt ?? new Date().toISOString();
  const found = scbConventions[f.tool.id];
  const c: ScbConvention = found && (found.appliesTo?.(f) ?? true) ? found : {};
  const generic = genericFields(f);
  const pick = <K extends keyof typeof generic>(hook: ((f: Finding) => unknown) | undefined, key: K) =>
    (hook ? hook(f) : generic[key]) as (typeof generic)[K] | null;
  const name = c.name?.(f) || f.name;
  const category = c.category?.(f) || f.category;
  const description = pick(c.description, 'description');
  const mitigation = pick(c.mitigation, 'mitigation');
  const references = pick(c.references, 'references');
  const identifiedAt = pick(c.identifiedAt, 'identified_at');
  const scanrelay = dropUndefined({
    original_severity: f.severity,
    // Where the secureCodeBox convention changed a field, the original is kept.
    original_name: name !== f.name ? f.name : undefined,
    original_category: category !== f.category ? f.category : undefined,
    original_description: changed(description, f.description),
    original_mitigation: changed(mitigation, f.mitigation),
    original_references: c.references ? f.references : undefined,
    original_identified_at: changed(identifiedAt, f.identifiedAt),
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
    triage: f.triage ? scbTriage(f.triage) : undefined,
  });
  return dropUndefined({
    id: f.id,
    identified_at: identifiedAt,
    parsed_at: parsedAt,
    name,
    description,
    category,
    severity: c.severity?.(f) ?? SEVERITY_TO_SCB[f.severity],
    mitigation,
    references,
    ...(c.extra?.(f) ?? {}),
    osi_layer: c.osiLayer?.(f),
    attributes: {
      ...dropUndefined(c.attributes?.(f) ?? {}),
      ...(f.triage?.status === 'false-positive' ? { [SCB_FALSE_POSITIVE_ATTRIBUTE]: true } : {}),
      [SCB_SCANRELAY_ATTRIBUTE]: scanrelay,
    },
    location: pick(c.location, 'location'),
    scan: {
      created_at: scan.createdAt ?? parsedAt,
      name: scan.name,
      namespace: scan.namespace ?? 'default',
      scan_type: scan.scanType,
    },
  }) as SecureCodeBoxFinding;
}

/** A triage decision in the snake_case of our other secureCodeBox attributes. */
function scbTriage(t: TriageDecision) {
  return dropUndefined({
    status: t.status,
    reason: t.reason,
    accepted_until: t.acceptedUntil,
    triaged_at: t.at,
  });
}

/** The mapping used for scanners secureCodeBox has no parser for. */
function genericFields(f: Finding) {
  const references = toReferences(f);
  return {
    description: f.description as string | undefined,
    mitigation: f.mitigation as string | undefined,
    references: references.length > 0 ? references : undefined,
    identified_at: f.identifiedAt as string | undefined,
    location: locationToText(f.location) as string | undefined,
  };
}

/** The original value when a convention replaced it (null for "had none"), else undefined. */
function changed(written: string | null | undefined, original: string | undefined) {
  return (written ?? undefined) !== original ? (original ?? null) : undefined;
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
