import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ConversionError, formatJsonPath } from './conversion-error.js';
import {
  confidenceSchema,
  cvssSchema,
  type Finding,
  type FindingDraft,
  findingSchema,
  secretInfoSchema,
  toolSchema,
} from './finding.js';
import { fingerprint as computeFingerprint } from './fingerprint.js';
import { type Location, locationSchema } from './location.js';
import { locationFromText } from './location-text.js';
import { type SecureCodeBoxFinding, secureCodeBoxFindingListSchema } from './securecodebox-finding.js';
import { type Severity, severitySchema } from './severity.js';
import { SCB_RESERVED_ATTRIBUTES, SCB_SCANRELAY_ATTRIBUTE } from './to-securecodebox.js';

const FROM_SCB: Readonly<Record<SecureCodeBoxFinding['severity'], Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'info',
};

/**
 * Reads a secureCodeBox findings array (ours, or one written by any secureCodeBox parser) into
 * canonical findings. What `toSecureCodeBox` stored under `attributes` is restored exactly
 * (critical severity, rule id, tool, structured location, fingerprint); other findings are mapped
 * from secureCodeBox's fields. Throws a ConversionError listing every failing JSON path.
 */
export function fromSecureCodeBox(json: unknown): Finding[] {
  const parsed = secureCodeBoxFindingListSchema.safeParse(json);
  if (!parsed.success) throw new ConversionError('secureCodeBox findings', toIssues(parsed.error));
  return parsed.data.map((scb, i) => {
    const draft = toDraft(scb);
    const stored = ourData(scb.attributes ?? {}).fingerprint;
    const result = findingSchema.safeParse({
      ...draft,
      id: isUuid(scb.id) ? scb.id.toLowerCase() : randomUUID(),
      fingerprint:
        typeof stored === 'string' && /^[0-9a-f]{64}$/.test(stored) ? stored : computeFingerprint(draft),
    });
    if (!result.success) throw new ConversionError('secureCodeBox findings', toIssues(result.error, [i]));
    return result.data;
  });
}

/** Our own data: `attributes.scanrelay`, or the flat reserved keys earlier exports wrote. */
function ourData(attributes: Record<string, unknown>): Record<string, unknown> {
  const nested = attributes[SCB_SCANRELAY_ATTRIBUTE];
  return isRecord(nested) ? nested : attributes;
}

function toDraft(scb: SecureCodeBoxFinding): FindingDraft & { cwe: string[]; cve: string[] } {
  const all = scb.attributes ?? {};
  const a = ourData(all);
  const refs = scb.references ?? [];
  const valid = <T>(schema: z.ZodType<T>, v: unknown): T | undefined => {
    const r = schema.safeParse(v);
    return r.success ? r.data : undefined;
  };
  const location: Location | undefined =
    valid(locationSchema, a.location_details) ??
    packageFromAttributes(all, scb.location) ??
    locationFromText(scb.location);
  const cwe = unique([
    ...stringArray(a.cwe).flatMap(cweIds),
    ...refs.filter((r) => r.type.toUpperCase() === 'CWE').flatMap((r) => cweIds(r.value)),
  ]);
  const cve = unique([
    ...stringArray(a.cve),
    ...refs.filter((r) => /^(CVE|GHSA|OSV)$/i.test(r.type)).map((r) => r.value),
  ]);
  const scannerAttributes = isRecord(a.scanner_attributes)
    ? a.scanner_attributes
    : withoutReserved(all, scb.location, location);
  return {
    tool: valid(toolSchema, a.tool) ?? { id: 'securecodebox', name: scb.scan?.scan_type || 'secureCodeBox' },
    ruleId: stringOr(a.rule_id) ?? stringOr(all.vulnerabilityId) ?? stringOr(all.zap_pluginid) ?? scb.name,
    name: stringOr(a.original_name) ?? scb.name,
    description:
      a.original_description === null
        ? undefined
        : (stringOr(a.original_description) ?? scb.description ?? undefined),
    severity: valid(severitySchema, a.original_severity) ?? FROM_SCB[scb.severity],
    category: stringOr(a.original_category) ?? scb.category,
    confidence: valid(confidenceSchema, a.confidence),
    location,
    cwe,
    cve,
    cvss: valid(cvssSchema, a.cvss),
    references: Array.isArray(a.original_references)
      ? stringArray(a.original_references)
      : unique(refs.filter((r) => /^(URL|TEXT)$/i.test(r.type)).map((r) => r.value)),
    mitigation:
      a.original_mitigation === null
        ? undefined
        : (stringOr(a.original_mitigation) ?? scb.mitigation ?? undefined),
    identifiedAt:
      a.original_identified_at === null
        ? undefined
        : (stringOr(a.original_identified_at) ?? scb.identified_at ?? undefined),
    occurrences:
      typeof a.occurrences === 'number' && Number.isInteger(a.occurrences) && a.occurrences > 0
        ? a.occurrences
        : 1,
    stableId: stringOr(a.stable_id),
    secret: valid(secretInfoSchema, a.secret),
    attributes: scannerAttributes,
  };
}

/** secureCodeBox's trivy findings name the image as location and the package in attributes. */
function packageFromAttributes(
  a: Record<string, unknown>,
  text: string | null | undefined,
): Location | undefined {
  const name = stringOr(a.packageName);
  if (!name) return undefined;
  return {
    kind: 'package',
    name,
    version: stringOr(a.installedVersion),
    fixedVersion: stringOr(a.fixedVersion),
    path: stringOr(a.foundIn) ?? text ?? undefined,
  };
}

function withoutReserved(
  a: Record<string, unknown>,
  text: string | null | undefined,
  loc: Location | undefined,
) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a))
    if (k !== SCB_SCANRELAY_ATTRIBUTE && !(SCB_RESERVED_ATTRIBUTES as readonly string[]).includes(k))
      out[k] = v;
  // Keep a location we could not read into a structured one.
  if (text && !loc) out.location = text;
  return out;
}

function toIssues(error: z.ZodError, prefix: PropertyKey[] = []) {
  return error.issues.map((i) => ({ path: formatJsonPath([...prefix, ...i.path]), message: i.message }));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const stringOr = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const stringArray = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const unique = (xs: string[]) => [...new Set(xs)];
const isUuid = (s: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s);

/** `CWE-79`, `79`, `CWE-79: Improper Neutralization…` -> `CWE-79`. */
function cweIds(v: string): string[] {
  const m = /^\s*(?:CWE-)?(\d+)\b/i.exec(v);
  return m ? [`CWE-${m[1]}`] : [];
}
