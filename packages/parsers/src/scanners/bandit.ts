import { type Finding, redactSecret, type Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';
import { sourceLines } from './support/source-location.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'bandit';
const TOOL = { id: SCANNER, name: 'Bandit' } as const;
/** Bandit's `issue_severity` words; UNDEFINED (a plugin that set none) is informational. */
const BANDIT_SEVERITY: Readonly<Record<string, Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  UNDEFINED: 'info',
};
const BANDIT_CONFIDENCE = { HIGH: 'high', MEDIUM: 'medium', LOW: 'low' } as const;
/** The hardcoded-password tests (B105–B107) quote the password in `issue_text`. */
const PASSWORD_TESTS = new Set(['B105', 'B106', 'B107']);
const PASSWORD_TEXT = 'Possible hardcoded password: ';

/**
 * One entry of `results[]`. Every released shape: `more_info` (1.4.1+), `issue_cwe` (1.7.3+, `{}` when
 * the test has none), `col_offset` (1.7.1+) and `end_col_offset` (1.7.5+) are optional; baseline runs
 * add `candidates`.
 */
const resultSchema = z
  .object({
    filename: z.string().min(1),
    test_id: z.string().min(1),
    test_name: z.string().optional(),
    issue_severity: z.string(),
    issue_confidence: z.string().optional(),
    issue_text: z.string(),
    issue_cwe: z.object({ id: z.unknown().optional(), link: z.string().optional() }).loose().optional(),
    line_number: z.number().int().nonnegative().optional(),
    line_range: z.array(z.number().int().nonnegative()).optional(),
    col_offset: z.number().int().nonnegative().optional(),
    end_col_offset: z.number().int().nonnegative().optional(),
    more_info: z.string().optional(),
    code: z.string().optional(),
    candidates: z.array(z.unknown()).optional(),
  })
  .loose();
type BanditResult = z.infer<typeof resultSchema>;

/** The password a B105–B107 text quotes (`Possible hardcoded password: 'x'`), else undefined. */
function quotedPassword(r: BanditResult): string | undefined {
  if (!PASSWORD_TESTS.has(r.test_id) || !r.issue_text.startsWith(PASSWORD_TEXT)) return undefined;
  const quoted = r.issue_text.slice(PASSWORD_TEXT.length).trim();
  const inner =
    quoted.length >= 2 && quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1) : '';
  return inner === '' ? undefined : inner;
}

/** The finding's own line from bandit's `code` excerpt (`"12 x = 1\n13 …"`), without its number. */
function ownLine(code: string | undefined, line: number | undefined): string | undefined {
  if (code === undefined || line === undefined) return undefined;
  const prefix = `${line} `;
  for (const l of code.split('\n')) if (l.startsWith(prefix)) return l.slice(prefix.length);
  return undefined;
}

function toBanditFinding(r: BanditResult, at: string, options: ParseOptions | undefined): Finding {
  const password = quotedPassword(r);
  const secret = password === undefined ? undefined : redactSecret(password);
  const text = secret ? `${PASSWORD_TEXT}'${secret.redacted}'` : r.issue_text.trim();
  const line = ownLine(r.code, r.line_number);
  const snippet = line === undefined ? undefined : redactLine(line, password, secret?.redacted ?? '****');
  const lines = r.line_range?.filter((n) => n > 0) ?? [];
  const startLine = r.line_number && r.line_number > 0 ? r.line_number : lines[0];
  const endLine = lines.length > 0 ? Math.max(...lines) : undefined;
  const confidence = r.issue_confidence?.trim().toUpperCase();
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: r.test_id,
      name: text.split('\n')[0]?.trim() || r.test_id,
      description: text,
      severity: severityOf(r.issue_severity, options, `${at}.issue_severity`, BANDIT_SEVERITY),
      confidence: BANDIT_CONFIDENCE[confidence as keyof typeof BANDIT_CONFIDENCE],
      category: secret ? 'Secrets' : 'SAST',
      location: {
        ...sourceLines(r.filename, startLine, endLine),
        // col_offset is 0-based (Python's AST); ours are 1-based.
        column: r.col_offset !== undefined ? r.col_offset + 1 : undefined,
        endColumn: r.end_col_offset && r.end_col_offset > (r.col_offset ?? 0) ? r.end_col_offset : undefined,
        snippet,
      },
      cwe: cweIds(r.issue_cwe?.id),
      references: r.more_info ? [r.more_info] : [],
      secret,
      attributes: {
        ...(r.test_name ? { testName: r.test_name } : {}),
        ...(r.candidates ? { baselineCandidates: r.candidates.length } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.results[*]'],
    skip: ['$.metrics'],
  });
  const expected = 'a bandit result {filename, test_id, issue_severity, issue_text}';
  for await (const { at, value } of parsedMatches(SCANNER, stream.matches, resultSchema, expected))
    yield toBanditFinding(value, at, options);
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.results)) {
    throw new ParseError(SCANNER, { path: '$' }, 'a bandit -f json object with a "results" array', {
      got: describeValue(doc),
    });
  }
  if (Array.isArray(doc.errors) && doc.errors.length > 0)
    options?.onWarning?.(
      `bandit: the report lists ${doc.errors.length} file(s) it could not scan; they are not findings`,
    );
}

export const banditParser = defineParser({
  id: SCANNER,
  name: 'Bandit',
  formats:
    'bandit -f json ({results[], metrics, errors}; with or without issue_cwe, more_info, col_offset, end_col_offset; baseline candidates)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('test_id'), key('issue_severity'), key('issue_text')])) return 95;
    // sort_keys puts `metrics` (one entry per file) before `results`: it may fill the head.
    if (hasAll(head, [key('generated_at'), key('metrics'), key('CONFIDENCE.HIGH')])) return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
