import { type Finding, redactSecret, type Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, nonBlankString, positiveIntegerLike, putString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'horusec';
/** Horusec's UNKNOWN is its word for "not rated": informational, not a guess. */
const HORUSEC_SEVERITY: Readonly<Record<string, Severity>> = { UNKNOWN: 'info' };
const HORUSEC_CONFIDENCE = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' } as const;
/** The tools horusec runs that report vulnerable dependencies rather than code. */
const DEPENDENCY_TOOLS = new Set([
  'NpmAudit',
  'YarnAudit',
  'Safety',
  'BundlerAudit',
  'Nancy',
  'OwaspDependencyCheck',
  'DotnetCli',
  'MixAudit',
]);
/** Text fields horusec writes as `"-"` or `""` when it had no git information. */
const noGit = (v: string | undefined) => (v === undefined || v === '-' ? undefined : v);

/**
 * One `analysisVulnerabilities[].vulnerabilities` object (horusec 2.x; `rule_id` and
 * `deprecatedHashes` since 2.7). Lines and columns are strings.
 */
const vulnSchema = z
  .object({
    details: z.string().min(1),
    severity: z.string(),
    file: z.string(),
    line: z.union([z.string(), z.number()]).optional(),
    column: z.union([z.string(), z.number()]).optional(),
    confidence: z.string().optional(),
    code: z.string().optional(),
    language: z.string().optional(),
    securityTool: z.string().optional(),
    type: z.string().optional(),
    rule_id: z.string().optional(),
    vulnHash: z.string().optional(),
    commitHash: z.string().optional(),
    commitAuthor: z.string().optional(),
  })
  .loose();
const recordSchema = z.object({ vulnerabilities: vulnSchema, createdAt: z.string().optional() }).loose();
type HorusecRecord = z.infer<typeof recordSchema>;

function toHorusecFinding(
  r: HorusecRecord,
  at: string,
  version: string | undefined,
  options: ParseOptions | undefined,
): Finding {
  const v = r.vulnerabilities;
  const lines = v.details.split('\n');
  const title = lines[0]?.trim() || v.details.trim();
  const body = lines.slice(1).join('\n').trim();
  const isLeak = v.language === 'Leaks';
  const code = nonBlankString(v.code)?.trim();
  const secret = isLeak && code ? redactSecret(code) : undefined;
  const tool = v.securityTool ?? 'HorusecEngine';
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'securityTool', v.securityTool);
  putString(attributes, 'language', v.language);
  putString(attributes, 'type', v.type);
  putString(attributes, 'commitHash', noGit(v.commitHash));
  putString(attributes, 'commitAuthor', noGit(v.commitAuthor));
  const file = nonBlankString(v.file);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'Horusec', ...(version ? { version } : {}) },
      ruleId: nonBlankString(v.rule_id) ?? `${tool}: ${title}`,
      name: title,
      description: body || title,
      severity: severityOf(v.severity, options, `${at}.vulnerabilities.severity`, HORUSEC_SEVERITY),
      confidence: HORUSEC_CONFIDENCE[v.confidence?.trim().toUpperCase() as keyof typeof HORUSEC_CONFIDENCE],
      category: isLeak ? 'Secrets' : DEPENDENCY_TOOLS.has(tool) ? 'Dependency' : 'SAST',
      location: file
        ? {
            kind: 'source',
            file,
            startLine: positiveIntegerLike(v.line),
            column: positiveIntegerLike(v.column),
            snippet: secret ? secret.redacted : code,
          }
        : undefined,
      cwe: cweIds(v.details),
      stableId: nonBlankString(v.vulnHash),
      identifiedAt: isoDate(r.createdAt),
      secret,
      attributes,
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.analysisVulnerabilities[*]'],
  });
  for await (const m of stream.matches) {
    const at = `$.analysisVulnerabilities[${m.path[1] as number}]`;
    const r = parseWith(
      SCANNER,
      recordSchema,
      m.value,
      at,
      'a horusec analysis vulnerability {vulnerabilities: {details, severity, file}}',
    );
    const root = m.ancestors[0] as Record<string, unknown> | undefined;
    const version = nonBlankString(root?.version)?.replace(/^v/, '');
    yield toHorusecFinding(r, at, version, options);
  }
  const doc = stream.skeleton();
  if (
    !isRecord(doc) ||
    !(Array.isArray(doc.analysisVulnerabilities) || doc.analysisVulnerabilities === null)
  ) {
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'a horusec -o json object with an "analysisVulnerabilities" array',
      { got: describeValue(doc) },
    );
  }
  if (doc.status === 'error' && typeof doc.errors === 'string' && doc.errors !== '')
    options?.onWarning?.('horusec: the analysis ended with status "error": some tools did not run');
}

export const horusecParser = defineParser({
  id: SCANNER,
  name: 'Horusec',
  formats:
    'horusec start -o json 2.x ({version, status, errors, createdAt, analysisVulnerabilities[{vulnerabilities}]}; with or without rule_id, vulnHash)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('analysisVulnerabilities')])) return 95;
    if (hasAll(head, [key('securityTool'), key('vulnHash'), key('details')])) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
