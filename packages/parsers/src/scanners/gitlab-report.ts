import type { Finding, FindingDraft, Severity, SourceLocation } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { positiveInteger } from './support/field-readers.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { sourceLines } from './support/source-location.js';
import { toFinding } from './support/to-finding.js';

/** The GitLab security report types this package parses (scan.type / vulnerability category). */
export type GitlabReportType = 'sast' | 'dependency_scanning' | 'secret_detection';

/**
 * GitLab's severity words (schema 2.x–15.x). `Unknown` and the older `Undefined` (and a missing
 * severity, allowed before 15.0) carry no rating: informational, as GitLab lists them last.
 */
const GITLAB_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
  UNKNOWN: 'info',
  UNDEFINED: 'info',
};
/** `confidence` (dropped in schema 15.0): Confirmed/High → high … Experimental → low; Ignore/Unknown none. */
const GITLAB_CONFIDENCE: Readonly<Record<string, 'high' | 'medium' | 'low'>> = {
  CONFIRMED: 'high',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  EXPERIMENTAL: 'low',
};

const identifierSchema = z
  .object({
    type: z.string(),
    name: z.string().optional(),
    value: z.union([z.string(), z.number()]),
    url: z.string().optional(),
  })
  .loose();
const lineSchema = z.number().int().nonnegative().nullish();

/** One entry of `vulnerabilities[]`, every schema version (2.x `cve`, 3.x–14.x `id`, 15.x). */
const gitlabVulnerabilitySchema = z
  .object({
    id: z.string().optional(),
    category: z.string().optional(),
    name: z.string().optional(),
    message: z.string().optional(),
    description: z.string().optional(),
    cve: z.string().optional(),
    severity: z.string().nullish(),
    confidence: z.string().nullish(),
    solution: z.string().optional(),
    scanner: z.object({ id: z.string().optional(), name: z.string().optional() }).loose().optional(),
    location: z
      .object({
        file: z.string().optional(),
        start_line: lineSchema,
        end_line: lineSchema,
        class: z.string().optional(),
        method: z.string().optional(),
        dependency: z
          .object({
            package: z.object({ name: z.string().optional() }).loose().optional(),
            version: z.string().optional(),
            direct: z.boolean().optional(),
          })
          .loose()
          .optional(),
        commit: z
          .object({ sha: z.string().optional(), author: z.string().optional(), date: z.string().optional() })
          .loose()
          .optional(),
      })
      .loose(),
    identifiers: z.array(identifierSchema).min(1),
    links: z.array(z.object({ url: z.string(), name: z.string().optional() }).loose()).optional(),
    raw_source_code_extract: z.string().optional(),
    details: z.unknown().optional(),
  })
  .loose();
type GitlabVulnerability = z.infer<typeof gitlabVulnerabilitySchema>;

const KNOWN_TYPES =
  'sast|dependency_scanning|secret_detection|container_scanning|cluster_image_scanning|dast|api_fuzzing|coverage_fuzzing';
const TYPE_VALUE = new RegExp(`"(?:type|category)"\\s*:\\s*"(${KNOWN_TYPES})"`);
const TOP_KEYS = new Set([
  'version',
  'vulnerabilities',
  'remediations',
  'dependency_files',
  'scan',
  'schema',
]);

/**
 * Which GitLab security report the head is, or undefined when it is not one. `scan.type` or a
 * vulnerability `category` names it; reports older than both (schema 2.x) are told by their
 * location: `dependency.package.name` (dependency scanning), `commit` (secret detection), else SAST.
 */
function gitlabReportType(head: string): string | undefined {
  if (!/^\s*\{/.test(head) || !key('vulnerabilities').test(head)) return undefined;
  const named = TYPE_VALUE.exec(head)?.[1];
  const looksGitlab =
    named !== undefined ||
    (key('identifiers').test(head) &&
      key('location').test(head) &&
      (key('cve').test(head) || key('id').test(head)));
  if (!looksGitlab) {
    const doc = headJson(head);
    // An empty report: only the schema's own top-level keys, with `remediations` (every GitLab analyzer).
    if (!isRecord(doc) || !Array.isArray(doc.vulnerabilities) || doc.vulnerabilities.length > 0)
      return undefined;
    if (!('remediations' in doc) || !Object.keys(doc).every((k) => TOP_KEYS.has(k))) return undefined;
    return 'sast';
  }
  if (named) return named;
  if (key('image').test(head) && key('operating_system').test(head)) return 'container_scanning';
  if (key('dependency_files').test(head) || /"package"\s*:\s*\{\s*"name"/.test(head))
    return 'dependency_scanning';
  if (/"commit"\s*:\s*\{/.test(head) || key('raw_source_code_extract').test(head)) return 'secret_detection';
  return key('file').test(head) ? 'sast' : undefined;
}

/**
 * The source location of a vulnerability's `location.file` (undefined without one): its start line,
 * and its end line only where it lies past the start; `extra` fields follow.
 */
export function gitlabSourceLocation(
  loc: GitlabVulnerability['location'],
  extra: Partial<SourceLocation> = {},
): SourceLocation | undefined {
  if (!loc.file) return undefined;
  return {
    ...sourceLines(loc.file, positiveInteger(loc.start_line), positiveInteger(loc.end_line)),
    ...extra,
  };
}

/** How one report type turns a vulnerability into a draft (the common fields come from `commonDraft`). */
export interface GitlabReportSpec {
  scanner: 'gitlab-sast' | 'gitlab-dependency-scanning' | 'gitlab-secret-detection';
  type: GitlabReportType;
  /** The tool name in findings (part of the fingerprint: one fixed name per report type). */
  toolName: string;
  draft(v: GitlabVulnerability, common: FindingDraft, at: string): FindingDraft;
}

function identifierValue(i: z.infer<typeof identifierSchema>): string {
  return String(i.value);
}

/** The rule id of the primary identifier: its value, or its name where the value is a sentence (njsscan). */
function ruleIdOf(i: z.infer<typeof identifierSchema>): string {
  const value = identifierValue(i).trim();
  const name = i.name?.trim();
  if (value === '' || (value.includes(' ') && name && !name.includes(' '))) return name || identifierValue(i);
  return value;
}

/** The fields every report type shares: rule (primary identifier), name, severity, CWE/CVE, links. */
function commonDraft(
  spec: GitlabReportSpec,
  v: GitlabVulnerability,
  at: string,
  options: ParseOptions | undefined,
): FindingDraft {
  const primary = v.identifiers[0]!;
  const cwe: string[] = [];
  const cve: string[] = [];
  const others: Record<string, string>[] = [];
  for (const i of v.identifiers) {
    const type = i.type.toLowerCase();
    // `{type: cwe, value: "79"}`; njsscan writes `{type: cwe, name: "CWE-943", value: <rule>}`.
    if (type === 'cwe') cwe.push(...(cweIds(i.value).length ? cweIds(i.value) : cweIds(i.name)));
    else if (type === 'cve' || type === 'ghsa' || type === 'osvdb') cve.push(identifierValue(i));
    else others.push({ type: i.type, value: identifierValue(i) });
  }
  const refs = [...v.identifiers.map((i) => i.url), ...(v.links ?? []).map((l) => l.url)].filter(
    (u): u is string => typeof u === 'string' && /^https?:\/\//.test(u),
  );
  const name = v.name?.trim() || v.message?.trim() || v.description?.trim() || ruleIdOf(primary);
  const severity = v.severity ?? 'Unknown';
  return {
    tool: { id: spec.scanner, name: spec.toolName },
    ruleId: ruleIdOf(primary),
    name: name.split('\n')[0]!.slice(0, 300),
    description: v.description?.trim() || v.message?.trim() || undefined,
    severity: severityOf(severity, options, `${at}.severity`, GITLAB_SEVERITY),
    confidence: GITLAB_CONFIDENCE[v.confidence?.trim().toUpperCase() ?? ''],
    category: 'SAST',
    cwe: [...new Set(cwe)],
    cve: [...new Set(cve)],
    references: [...new Set(refs)],
    mitigation: v.solution?.trim() || undefined,
    // GitLab's own identity: `id` (deterministic in GitLab's analyzers), else the 2.x compare key `cve`.
    stableId: v.id || v.cve || undefined,
    attributes: {
      ...(v.scanner?.name ? { analyzer: v.scanner.name } : {}),
      ...(v.severity === undefined || v.severity === null || /^(unknown|undefined)$/i.test(v.severity)
        ? { severityUnknown: true }
        : {}),
      ...(others.length > 0 ? { identifiers: others } : {}),
    },
  };
}

async function* gitlabFindings(
  spec: GitlabReportSpec,
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: spec.scanner,
    select: ['$.vulnerabilities[*]'],
    skip: ['$.dependency_files', '$.remediations'],
  });
  for await (const { at, value: v } of parsedMatches(
    spec.scanner,
    stream.matches,
    gitlabVulnerabilitySchema,
    `a GitLab ${spec.type} vulnerability {identifiers[], location}`,
  )) {
    if (v.category !== undefined && v.category !== spec.type)
      throw new ParseError(spec.scanner, { path: `${at}.category` }, `"${spec.type}"`, {
        got: describeValue(v.category),
      });
    // No tool version: GitLab writes `scan` after the vulnerabilities, so whether it was already read
    // would depend on where a chunk ends.
    const common = commonDraft(spec, v, at, options);
    yield toFinding(spec.scanner, { path: at }, spec.draft(v, common, at));
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.vulnerabilities))
    throw new ParseError(
      spec.scanner,
      { path: '$' },
      'a GitLab security report {version, vulnerabilities[]}',
      {
        got: describeValue(doc),
      },
    );
  const type = isRecord(doc.scan) ? doc.scan.type : undefined;
  if (typeof type === 'string' && type !== spec.type)
    throw new ParseError(spec.scanner, { path: '$.scan.type' }, `"${spec.type}"`, {
      got: describeValue(type),
    });
}

/** The findings of a GitLab report of `spec.type`; repeats of one id merge unless oneFindingPerRecord. */
export function parseGitlabReport(
  spec: GitlabReportSpec,
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncIterable<Finding> {
  const all = gitlabFindings(spec, input, options);
  return options?.oneFindingPerRecord ? all : mergeRepeated(all);
}

/** 95 when the head is a GitLab report of `type`, else 0. */
export function detectGitlabReport(head: string, type: GitlabReportType): number {
  return gitlabReportType(head) === type ? 95 : 0;
}
