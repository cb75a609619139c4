import type { Finding, Severity } from '@scanrelay/findings-schema';
import { holdUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { SECURITY_PREFIX, SECURITY_RULES } from './eslint-security-rules.js';
import { nonBlankString, nonEmptyString, positiveInteger } from './support/field-readers.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import { readSkeleton } from './support/read-skeleton.js';
import { redactLine } from './support/redact-line.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'eslint';
const TOOL = { id: SCANNER, name: 'ESLint' } as const;
const EXPECTED =
  'an ESLint JSON report: an array of {filePath, messages[]} (json) or {results[], metadata} (json-with-metadata)';
/** Rules outside eslint-plugin-security are rated by the severity ESLint was configured with. */
const ESLINT_SEVERITY: Readonly<Record<number, Severity>> = { 2: 'medium', 1: 'low', 0: 'info' };
/** Each file's messages, in both shapes; its source text and suppressed messages are scanned, not kept. */
const SELECT = ['$[*].messages[*]', '$.results[*].messages[*]'];
const SKIP = [
  '$[*].source',
  '$[*].suppressedMessages',
  '$.results[*].source',
  '$.results[*].suppressedMessages',
];

type Rec = Record<string, unknown>;

/** The file result a message belongs to (read so far). */
const fileOf = (m: JsonMatch): Rec => m.ancestors[m.path.length - 2] as Rec;

/** `metadata.rulesMeta` of json-with-metadata (written after the results: read by a first pass). */
async function rulesMeta(input: ParseInput): Promise<Rec> {
  const doc = await readSkeleton(input, SCANNER, ['$[*]', '$.results']);
  const meta = isRecord(doc) && isRecord(doc.metadata) ? doc.metadata.rulesMeta : undefined;
  return isRecord(meta) ? meta : {};
}

function draftOf(message: Rec, file: string, meta: Rec, at: string, options: ParseOptions | undefined) {
  const ruleId = message.ruleId as string;
  const rule = ruleId.startsWith(SECURITY_PREFIX)
    ? SECURITY_RULES[ruleId.slice(SECURITY_PREFIX.length)]
    : undefined;
  const level = message.severity;
  const byLevel = typeof level === 'number' ? ESLINT_SEVERITY[level] : undefined;
  if (!rule && !byLevel)
    options?.onWarning?.(`eslint: ${at}.severity: unknown severity (${describeValue(level)}); using medium`);
  const docs =
    isRecord(meta[ruleId]) && isRecord((meta[ruleId] as Rec).docs) ? ((meta[ruleId] as Rec).docs as Rec) : {};
  // Messages may quote code (eslint-plugin-no-secrets quotes the string it flags): long tokens are cut.
  const text = redactLine(nonBlankString(message.message) ?? ruleId, undefined, '');
  return {
    tool: TOOL,
    ruleId,
    name: text,
    description: nonEmptyString(docs.description),
    severity: rule?.severity ?? byLevel ?? 'medium',
    category: 'SAST',
    location: {
      kind: 'source' as const,
      file,
      startLine: positiveInteger(message.line),
      endLine: positiveInteger(message.endLine),
      column: positiveInteger(message.column),
      endColumn: positiveInteger(message.endColumn),
    },
    cwe: rule ? [rule.cwe] : [],
    references: nonEmptyString(docs.url) ? [docs.url as string] : [],
    attributes: {
      eslintSeverity: level,
      ...(nonEmptyString(message.nodeType) ? { nodeType: message.nodeType } : {}),
      ...(ruleId.startsWith(SECURITY_PREFIX) ? { securityRule: true } : {}),
    },
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const meta = await rulesMeta(input);
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: SELECT, skip: SKIP });
  let unruled = 0;
  for await (const m of holdUntilComplete(stream.matches, (x) => 'filePath' in fileOf(x), fileOf)) {
    const at = formatJsonPath(m.path);
    const file = fileOf(m);
    const message = m.value;
    if (
      !isRecord(message) ||
      (message.ruleId !== null && message.ruleId !== undefined && typeof message.ruleId !== 'string')
    )
      throw new ParseError(SCANNER, { path: at }, 'an ESLint message {ruleId, severity, message, line}', {
        got: describeValue(isRecord(message) ? message.ruleId : message),
      });
    const filePath = nonEmptyString(file.filePath);
    if (!filePath)
      throw new ParseError(
        SCANNER,
        { path: formatJsonPath([...m.path.slice(0, -2), 'filePath']) },
        'the linted file path',
        {
          got: describeValue(file.filePath),
        },
      );
    // Fatal parse errors and unused-directive reports have no rule: they are not findings.
    if (!nonEmptyString(message.ruleId)) {
      unruled++;
      continue;
    }
    yield toFinding(SCANNER, { path: at }, draftOf(message, filePath, meta, at, options));
  }
  checkRoot(stream.skeleton());
  if (unruled > 0)
    options?.onWarning?.(
      `eslint: ${unruled} message(s) without a rule (parsing errors, unused directives) are not findings`,
    );
}

/** The root must be an array of file results or {results[]}; each result needs its messages array. */
function checkRoot(doc: unknown): void {
  const results = Array.isArray(doc)
    ? doc
    : isRecord(doc) && Array.isArray(doc.results)
      ? doc.results
      : undefined;
  const base = Array.isArray(doc) ? '$' : '$.results';
  if (!results) throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
  for (const [i, r] of results.entries()) {
    if (!isRecord(r) || !Array.isArray(r.messages) || typeof r.filePath !== 'string')
      throw new ParseError(
        SCANNER,
        { path: `${base}[${i}]` },
        'an ESLint file result {filePath, messages[]}',
        {
          got: describeValue(r),
        },
      );
  }
}

/** ESLint's per-file result: filePath and messages, with its counters. */
function looksLikeResults(head: string): boolean {
  return (
    key('filePath').test(head) &&
    key('messages').test(head) &&
    (key('errorCount').test(head) || key('warningCount').test(head))
  );
}

export const eslintParser = defineParser({
  id: SCANNER,
  name: 'ESLint',
  formats:
    'eslint -f json ([{filePath, messages[], errorCount…}]) and -f json-with-metadata ({results, metadata}); eslint-plugin-security rules get their CWE',
  detect(head) {
    if (!looksLikeResults(head)) return 0;
    // secretlint's JSON has filePath and messages too.
    if (key('sourceContentType').test(head) || head.includes('"@secretlint/')) return 0;
    if (/^\s*\{/.test(head)) return key('results').test(head) ? 90 : 0;
    return /^\s*\[/.test(head) ? 90 : 0;
  },
  parse: (input, options) => findings(input, options),
});
