import { type Finding, redactSecret } from '@scanrelay/findings-schema';
import { holdUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  RULE_PREFIX,
  SECRETLINT_MITIGATION,
  SECRETLINT_TOOL,
  safeMessage,
  secretlintRuleId,
  secretlintSeverity,
  secretValue,
} from './secretlint-common.js';
import { secretlintSarifDraft } from './secretlint-sarif.js';
import { nonEmptyString, positiveInteger } from './support/field-readers.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'secretlint';
const EXPECTED =
  'a secretlint report: --format json (an array of {filePath, messages[]}) or --format sarif (driver "secretlint")';

type Rec = Record<string, unknown>;

const fileOf = (m: JsonMatch): Rec => m.ancestors[1] as Rec;
const isReady = (m: JsonMatch): boolean => 'filePath' in fileOf(m) && 'sourceContent' in fileOf(m);

/** One message of --format json. `sourceContent` (the unmasked file) is read for the secret's hash only. */
function jsonFinding(m: JsonMatch, options: ParseOptions | undefined): Finding {
  const at = formatJsonPath(m.path);
  const file = fileOf(m);
  const msg = m.value;
  if (!isRecord(msg) || typeof msg.ruleId !== 'string' || msg.ruleId === '')
    throw new ParseError(SCANNER, { path: at }, 'a secretlint message {ruleId, message, loc, range}', {
      got: describeValue(isRecord(msg) ? msg.ruleId : msg),
    });
  const filePath = nonEmptyString(file.filePath);
  if (!filePath)
    throw new ParseError(SCANNER, { path: `$[${m.path[0] as number}].filePath` }, 'the scanned file path', {
      got: describeValue(file.filePath),
    });
  const text = nonEmptyString(msg.message);
  const value = secretValue(file.sourceContent, msg.range, msg.data, text);
  const secret = value ? redactSecret(value) : undefined;
  const messageId = nonEmptyString(msg.messageId);
  const loc = isRecord(msg.loc) ? msg.loc : {};
  const start = isRecord(loc.start) ? loc.start : {};
  const end = isRecord(loc.end) ? loc.end : {};
  // secretlint's columns are 0-based (its SARIF formatter adds one); ours are 1-based.
  const column = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v + 1 : undefined);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: SECRETLINT_TOOL,
      ruleId: secretlintRuleId(msg.ruleId, messageId),
      name: `Hard-coded secret: ${messageId ?? msg.ruleId.replace(RULE_PREFIX, '')}`,
      description: text ? safeMessage(text, value, secret, msg.data) : undefined,
      severity: secretlintSeverity(msg.severity, `${at}.severity`, options),
      category: 'Secrets',
      location: {
        kind: 'source',
        file: filePath,
        startLine: positiveInteger(start.line),
        endLine: positiveInteger(end.line),
        column: column(start.column),
        endColumn: column(end.column),
      },
      cwe: ['CWE-798'],
      mitigation: SECRETLINT_MITIGATION,
      secret,
      references: nonEmptyString(msg.docsUrl) ? [msg.docsUrl as string] : [],
      attributes: {
        rule: msg.ruleId,
        ...(nonEmptyString(msg.ruleParentId) ? { ruleParentId: msg.ruleParentId } : {}),
        ...(messageId ? { messageId } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$[*].messages[*]', '$.runs[*].results[*]'],
    skip: ['$.runs[*].artifacts'],
  });
  for await (const m of holdUntilComplete(
    stream.matches,
    (x) => x.path[0] === 'runs' || isReady(x),
    fileOf,
  )) {
    if (m.path[0] === 'runs')
      yield toFinding(SCANNER, { path: formatJsonPath(m.path) }, secretlintSarifDraft(m, options));
    else yield jsonFinding(m, options);
  }
  checkRoot(stream.skeleton());
}

function checkRoot(doc: unknown): void {
  if (isRecord(doc) && Array.isArray(doc.runs)) return;
  if (!Array.isArray(doc))
    throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
  for (const [i, r] of doc.entries())
    if (!isRecord(r) || typeof r.filePath !== 'string' || !Array.isArray(r.messages))
      throw new ParseError(SCANNER, { path: `$[${i}]` }, 'a secretlint file result {filePath, messages[]}', {
        got: describeValue(r),
      });
}

export const secretlintParser = defineParser({
  id: SCANNER,
  name: 'secretlint',
  formats:
    'secretlint --format json ([{filePath, messages[]}]) and --format sarif; secrets kept only redacted and hashed',
  detect(head) {
    if (key('runs').test(head) && /"name"\s*:\s*"secretlint"/.test(head)) return 95;
    if (!/^\s*\[/.test(head) || !key('filePath').test(head) || !key('messages').test(head)) return 0;
    if (key('sourceContentType').test(head) || head.includes('"@secretlint/')) return 95;
    return key('messageId').test(head) && key('range').test(head) && key('loc').test(head) ? 85 : 0;
  },
  parse: (input, options) => findings(input, options),
});
