import type { FindingDraft, Location, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { nonBlankString, putString } from './support/field-readers.js';
import { severityOf } from './support/severity-of.js';

export const CHECKOV = 'checkov';
const NAME = 'Checkov';
/** Checkov's severity words (Prisma Cloud's; open-source runs without an API key write null). */
const CHECKOV_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
  NONE: 'info',
};
/** Longest snippet kept from `code_block` (one line of the resource). */
const MAX_SNIPPET = 500;

const nullableString = z.string().nullish();

/** `vulnerability_details` of an SCA check (check_type `sca_package` / `sca_image`). */
const vulnerabilitySchema = z
  .object({
    id: nullableString,
    package_name: nullableString,
    package_version: nullableString,
    lowest_fixed_version: nullableString,
    fixed_version: nullableString,
    severity: nullableString,
    cvss: z.union([z.number(), z.string()]).nullish(),
    vector: nullableString,
    link: nullableString,
    description: nullableString,
  })
  .loose();

/**
 * One entry of `results.failed_checks[]`, every release: 1.x (no severity, bc_check_id), 2.x
 * (`severity` null unless a Prisma Cloud key is used, `bc_check_id`, `bc_category`, `benchmarks`,
 * `details`, `description`), 3.x (`resource_address`, SCA `vulnerability_details`).
 */
export const failedCheckSchema = z
  .object({
    check_id: z.string().min(1),
    bc_check_id: nullableString,
    check_name: nullableString,
    file_path: z.string().min(1),
    file_line_range: z.array(z.number().int()).nullish(),
    resource: nullableString,
    resource_address: nullableString,
    severity: nullableString,
    guideline: nullableString,
    check_class: nullableString,
    bc_category: nullableString,
    description: nullableString,
    short_description: nullableString,
    details: z.array(z.unknown()).nullish(),
    code_block: z.array(z.unknown()).nullish(),
    vulnerability_details: vulnerabilitySchema.nullish(),
  })
  .loose();
export type FailedCheck = z.infer<typeof failedCheckSchema>;

/** What a finding takes from the check-type object around it and the report's summary. */
export interface CheckovContext {
  checkType: string | undefined;
  version: string | undefined;
}

function categoryOf(checkType: string | undefined): string {
  if (checkType === 'secrets') return 'Secrets';
  if (checkType?.startsWith('sca_')) return 'Dependency';
  return 'IaC';
}

/** The code line at `line` from `code_block` (`[[1, "resource ... {\n"], …]`), trimmed of its newline. */
function snippetAt(
  block: readonly unknown[] | null | undefined,
  line: number | undefined,
): string | undefined {
  if (!block || line === undefined) return undefined;
  for (const entry of block) {
    if (Array.isArray(entry) && entry[0] === line && typeof entry[1] === 'string') {
      const text = entry[1].replace(/\r?\n$/, '');
      return text.trim() === '' ? undefined : text.slice(0, MAX_SNIPPET);
    }
  }
  return undefined;
}

function descriptionOf(c: FailedCheck, checkType: string | undefined): string {
  const lines = [`Check Type: ${checkType ?? 'unknown'}`, `Check Id: ${c.check_id}`];
  if (c.check_name) lines.push(c.check_name);
  for (const extra of [c.description, c.short_description, c.vulnerability_details?.description])
    if (nonBlankString(extra) && extra !== c.check_name) lines.push(extra as string);
  for (const d of c.details ?? []) if (typeof d === 'string' && d.trim() !== '') lines.push(d);
  return lines.join('\n');
}

function cvssScore(v: number | string | null | undefined): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
}

/** The package location and vulnerability fields of an SCA check, or undefined for other checks. */
function scaParts(c: FailedCheck): Partial<FindingDraft> | undefined {
  const v = c.vulnerability_details;
  const name = nonBlankString(v?.package_name);
  if (!v || !name) return undefined;
  const id = nonBlankString(v.id);
  const score = cvssScore(v.cvss);
  const vector = nonBlankString(v.vector);
  const location: Location = {
    kind: 'package',
    name,
    version: nonBlankString(v.package_version),
    fixedVersion: nonBlankString(v.lowest_fixed_version) ?? nonBlankString(v.fixed_version),
    path: c.file_path,
  };
  return {
    location,
    cve: id && /^(CVE|GHSA)-/i.test(id) ? [id] : [],
    cvss: score !== undefined || vector ? { score, vector } : undefined,
    references: [v.link, c.guideline].filter((x): x is string => !!nonBlankString(x)),
  };
}

/** The finding draft of one failed check. */
export function checkDraft(
  c: FailedCheck,
  ctx: CheckovContext,
  at: string,
  options: ParseOptions | undefined,
): FindingDraft {
  const range = c.file_line_range ?? [];
  const first = range[0] !== undefined && range[0] > 0 ? range[0] : undefined;
  const last = range[1] !== undefined && first !== undefined && range[1] > first ? range[1] : undefined;
  const rawSeverity = c.severity ?? c.vulnerability_details?.severity;
  // Open-source checkov writes severity null (or leaves it out): medium, as DefectDojo does.
  const severity =
    rawSeverity === null || rawSeverity === undefined
      ? 'medium'
      : severityOf(rawSeverity, options, `${at}.severity`, CHECKOV_SEVERITY);
  const isSecret = ctx.checkType === 'secrets';
  const resource = nonBlankString(c.resource);
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'checkType', ctx.checkType);
  putString(attributes, 'resource', resource);
  putString(attributes, 'resourceAddress', c.resource_address);
  putString(attributes, 'bcCheckId', c.bc_check_id);
  putString(attributes, 'checkClass', c.check_class);
  putString(attributes, 'bcCategory', c.bc_category);
  const sca = scaParts(c);
  return {
    tool: { id: CHECKOV, name: NAME, version: ctx.version },
    ruleId: c.check_id,
    name:
      (sca ? nonBlankString(c.short_description) : undefined) ??
      nonBlankString(c.check_name)?.trim() ??
      c.check_id,
    description: descriptionOf(c, ctx.checkType),
    severity,
    category: categoryOf(ctx.checkType),
    location: {
      kind: 'source',
      file: c.file_path,
      startLine: first,
      endLine: last,
      // checkov masks secrets in code_block, but a secret's line is still left out.
      snippet: isSecret ? undefined : snippetAt(c.code_block, first),
    },
    references: nonBlankString(c.guideline) ? [c.guideline as string] : [],
    // The resource (`aws_s3_bucket.data`) is what checkov's baseline and suppressions key on: a
    // failed check on a resource keeps its identity when the resource moves within the file.
    // A secret's resource is checkov's hash of the secret (never the value): stable as well.
    stableId: sca ? undefined : resource,
    attributes,
    ...sca,
  };
}
