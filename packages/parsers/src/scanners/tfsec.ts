import type { Finding, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nonBlankString, positiveInteger, putString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { sourceLines } from './support/source-location.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'tfsec';
/** 0.x wrote ERROR/WARNING/INFO; 0.40+ CRITICAL/HIGH/MEDIUM/LOW. */
const TFSEC_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  ERROR: 'high',
  MEDIUM: 'medium',
  WARNING: 'medium',
  LOW: 'low',
  INFO: 'info',
};
/** tfsec 1.x `status`: 0 failed, 1 passed (--include-passed), 2 ignored (--include-ignored). */
const STATUS_FAILED = 0;
const str = z.string().nullish();

/**
 * One entry of `results[]`. 0.x: rule_id (AWS002), link, location, description, severity, and later
 * rule_description, rule_provider, passed. 1.x: rule_id (AVD-AWS-0086), long_id, rule_service, impact,
 * resolution, links, resource, status, warning.
 */
const resultSchema = z
  .object({
    rule_id: z.string().min(1),
    long_id: str,
    legacy_rule_id: str,
    rule_description: str,
    rule_provider: str,
    rule_service: str,
    description: str,
    impact: str,
    resolution: str,
    severity: z.string(),
    link: str,
    links: z.array(z.string()).nullish(),
    resource: str,
    status: z.number().int().nullish(),
    passed: z.boolean().nullish(),
    location: z
      .object({
        filename: z.string().min(1),
        start_line: z.number().int().nullish(),
        end_line: z.number().int().nullish(),
      })
      .loose(),
  })
  .loose();
type TfsecResult = z.infer<typeof resultSchema>;

function resultFinding(r: TfsecResult, at: string, options: ParseOptions | undefined): Finding {
  const start = positiveInteger(r.location.start_line);
  const end = positiveInteger(r.location.end_line);
  const description = [r.description, r.impact && `Impact: ${r.impact}`].filter(nonBlankString).join('\n');
  const references = [...(r.links ?? []), ...(r.link ? [r.link] : [])].filter((x) => x.trim() !== '');
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'longId', r.long_id);
  putString(attributes, 'legacyRuleId', r.legacy_rule_id);
  putString(attributes, 'provider', r.rule_provider);
  putString(attributes, 'service', r.rule_service);
  putString(attributes, 'resource', r.resource);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'tfsec' },
      ruleId: r.rule_id,
      name: nonBlankString(r.rule_description)?.trim() ?? nonBlankString(r.description)?.trim() ?? r.rule_id,
      description: description || undefined,
      severity: severityOf(r.severity, options, `${at}.severity`, TFSEC_SEVERITY),
      category: 'IaC',
      location: sourceLines(r.location.filename, start, end),
      references: [...new Set(references)],
      mitigation: nonBlankString(r.resolution),
      // 1.x names the resource (`aws_s3_bucket.logs`): the finding keeps its identity across line shifts.
      stableId: nonBlankString(r.resource),
      attributes,
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.results[*]'] });
  let notFailed = 0;
  for await (const { at, value: r } of parsedMatches(
    SCANNER,
    stream.matches,
    resultSchema,
    'a tfsec result {rule_id, severity, location}',
  )) {
    if (r.passed === true || (typeof r.status === 'number' && r.status !== STATUS_FAILED)) {
      notFailed += 1;
      continue;
    }
    yield resultFinding(r, at, options);
  }
  const doc = stream.skeleton();
  // `results: null`: releases before 1.0 wrote null when nothing was found.
  if (!isRecord(doc) || !(Array.isArray(doc.results) || doc.results === null)) {
    throw new ParseError(SCANNER, { path: '$' }, 'tfsec --format json output {results[]}', {
      got: describeValue(doc),
    });
  }
  if (notFailed > 0) options?.onWarning?.(`tfsec: ${notFailed} passed or ignored result(s) are not findings`);
}

export const tfsecParser = defineParser({
  id: SCANNER,
  name: 'tfsec',
  formats:
    'tfsec --format json, 0.x to 1.28: {results[] or null} with rule_id/long_id, severity (ERROR/WARNING/INFO or CRITICAL to LOW), location{filename, start_line, end_line}; passed and ignored results skipped',
  detect(head) {
    if (!/^\s*\{\s*"results"\s*:/.test(head)) return 0;
    if (!hasAll(head, [key('rule_id'), key('location'), key('filename'), key('start_line')])) return 0;
    if (/"(long_id|rule_provider|rule_description)"\s*:/.test(head)) return 95;
    if (/"link"\s*:\s*"https:\/\/(github\.com\/(liamg|tfsec)\/tfsec|tfsec\.dev)/.test(head)) return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
