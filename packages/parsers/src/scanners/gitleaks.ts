import { type Finding, redactSecret } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nonEmptyString, positiveIntegerLike } from './support/field-readers.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'gitleaks';
const TOOL = { id: SCANNER, name: 'Gitleaks' } as const;
const MITIGATION =
  'Revoke and rotate the secret, remove it from the code and its history, and load it from a secret store.';
/** Gitleaks reports no severity; a leaked credential is treated like an unverified trufflehog one. */
const SEVERITY = 'high';

type Rec = Record<string, unknown>;

function firstLine(v: unknown): string | undefined {
  return nonEmptyString(v)?.split('\n')[0]?.trim() || undefined;
}

/** Gitleaks' own redaction marker (`--redact`): not a secret, kept as written. */
const REDACTED = 'REDACTED';

/**
 * The fields of the report record that secureCodeBox's gitleaks parser copies, under their report
 * names, for the secureCodeBox-exact export. The secret and the line holding it are kept only in
 * their redacted forms; author and email only for that export (`oneFindingPerRecord`).
 */
function recordOf(
  r: Rec,
  keys: readonly string[],
  redacted: Readonly<Record<string, unknown>>,
  people: readonly string[],
  scb: boolean,
): Rec {
  const out: Rec = {};
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
  if (scb) for (const k of people) if (r[k] !== undefined) out[k] = r[k];
  for (const [k, v] of Object.entries(redacted)) if (r[k] !== undefined) out[k] = v;
  return out;
}

/**
 * The secret and its line as the export may show them: as written when gitleaks already redacted
 * them (`--redact` writes REDACTED), else their redacted forms.
 */
function safePair(
  secret: unknown,
  line: unknown,
  redacted: string | undefined,
  snippet: string | undefined,
): [unknown, unknown] {
  if (secret === REDACTED) return [secret, line];
  if (secret === '') return [secret, snippet ?? line];
  return [redacted ?? secret, snippet ?? line];
}
const pairRecord = (keys: [string, string], values: [unknown, unknown]): Rec => ({
  [keys[0]]: values[0],
  [keys[1]]: values[1],
});
const V8_KEYS = ['RuleID', 'Description', 'Commit', 'File', 'StartLine', 'Tags', 'Date'] as const;
const V7_KEYS = ['rule', 'reason', 'commit', 'repo', 'file', 'lineNumber', 'tags', 'date'] as const;

/**
 * v8 (`RuleID`, `Secret`, `Match`, `File`, `StartLine`…). `Secret` is hashed and never kept; `Match`
 * (the matched text, secret included) is kept as the snippet with the secret replaced by its redacted form.
 */
function v8Finding(r: Rec, at: string, scb: boolean): Finding {
  const value = nonEmptyString(r.Secret) ?? nonEmptyString(r.Match);
  const secret = value ? redactSecret(value) : undefined;
  const match = nonEmptyString(r.Match);
  const snippet = match ? redactLine(match, value, secret?.redacted ?? '****') : undefined;
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: nonEmptyString(r.RuleID) ?? 'secret',
      name: nonEmptyString(r.Description) ?? nonEmptyString(r.RuleID) ?? 'Secret',
      severity: SEVERITY,
      category: 'Secrets',
      location: {
        kind: 'source',
        file: nonEmptyString(r.File) ?? 'unknown',
        startLine: positiveIntegerLike(r.StartLine),
        endLine: positiveIntegerLike(r.EndLine),
        column: positiveIntegerLike(r.StartColumn),
        endColumn: positiveIntegerLike(r.EndColumn),
        snippet,
      },
      cwe: ['CWE-798'],
      mitigation: MITIGATION,
      secret,
      identifiedAt:
        nonEmptyString(r.Date) && !Number.isNaN(Date.parse(r.Date as string))
          ? new Date(r.Date as string).toISOString()
          : undefined,
      attributes: {
        format: 'v8',
        ...(nonEmptyString(r.Commit) ? { commit: r.Commit } : {}),
        ...(firstLine(r.Message) ? { commitMessage: firstLine(r.Message) } : {}),
        ...(Array.isArray(r.Tags) && r.Tags.length > 0 ? { tags: r.Tags } : {}),
        ...(typeof r.Entropy === 'number' ? { entropy: r.Entropy } : {}),
        ...(nonEmptyString(r.Fingerprint) ? { gitleaksFingerprint: r.Fingerprint } : {}),
        ...(nonEmptyString(r.Link) ? { link: r.Link } : {}),
        record: recordOf(
          r,
          V8_KEYS,
          pairRecord(['Secret', 'Match'], safePair(r.Secret, r.Match, secret?.redacted, snippet)),
          ['Author', 'Email'],
          scb,
        ),
      },
    },
  );
}

/**
 * v7 (`rule`, `offender`, `line`, `lineNumber`, `file`…), v4–v6 (no `lineNumber`, `commitMsg`) and
 * v1–v3 (`reason` for the rule): `offender` is the secret, `line` holds it too.
 */
function v7Finding(r: Rec, at: string, scb: boolean): Finding {
  const value = nonEmptyString(r.offender);
  const secret = value ? redactSecret(value) : undefined;
  const line = nonEmptyString(r.line);
  const snippet = line ? redactLine(line, value, secret?.redacted ?? '****') : undefined;
  const rule = nonEmptyString(r.rule) ?? nonEmptyString(r.reason);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: rule ?? 'secret',
      name: rule ? `${rule} secret detected` : 'Secret detected',
      severity: SEVERITY,
      category: 'Secrets',
      location: {
        kind: 'source',
        file: nonEmptyString(r.file) ?? 'unknown',
        startLine: positiveIntegerLike(r.lineNumber),
        snippet,
      },
      cwe: ['CWE-798'],
      mitigation: MITIGATION,
      secret,
      identifiedAt:
        nonEmptyString(r.date) && !Number.isNaN(Date.parse(r.date as string))
          ? new Date(r.date as string).toISOString()
          : undefined,
      attributes: {
        format: 'v7',
        ...(nonEmptyString(r.commit) ? { commit: r.commit } : {}),
        ...(firstLine(r.commitMessage ?? r.commitMsg)
          ? { commitMessage: firstLine(r.commitMessage ?? r.commitMsg) }
          : {}),
        ...(nonEmptyString(r.repo) ? { repository: r.repo } : {}),
        ...(nonEmptyString(r.tags) ? { tags: (r.tags as string).split(/,\s*/) } : {}),
        ...(nonEmptyString(r.leakURL) ? { link: r.leakURL } : {}),
        record: recordOf(
          r,
          V7_KEYS,
          pairRecord(['offender', 'line'], safePair(r.offender, r.line, secret?.redacted, snippet)),
          ['author', 'email'],
          scb,
        ),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const scb = options?.oneFindingPerRecord === true;
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
  for await (const m of stream.matches) {
    const at = `$[${m.path[0] as number}]`;
    const r = m.value;
    if (isRecord(r) && typeof r.RuleID === 'string') yield v8Finding(r, at, scb);
    else if (
      isRecord(r) &&
      (typeof r.rule === 'string' || typeof r.reason === 'string' || typeof r.offender === 'string')
    )
      yield v7Finding(r, at, scb);
    else
      throw new ParseError(
        SCANNER,
        { path: at },
        'a gitleaks finding with "RuleID" (v8) or "rule" and "offender" (v7)',
        { got: describeValue(r) },
      );
  }
  const root = stream.skeleton();
  if (root !== null && !Array.isArray(root)) {
    throw new ParseError(SCANNER, { path: '$' }, 'a gitleaks JSON report: an array of findings', {
      got: describeValue(root),
    });
  }
}

export const gitleaksParser = defineParser({
  id: SCANNER,
  name: 'Gitleaks',
  formats:
    'gitleaks --report-format json, v8 (RuleID/Secret/Match/StartLine), v7 (rule/offender/line/lineNumber) and v1–v6 (rule or reason/offender/line/commitMsg)',
  detect(head) {
    if (!/^\s*\[/.test(head)) return 0;
    if (
      key('RuleID').test(head) &&
      key('StartLine').test(head) &&
      (key('Secret').test(head) || key('Match').test(head))
    )
      return 90;
    if (key('offender').test(head) && key('lineNumber').test(head) && key('rule').test(head)) return 90;
    // v4–v6 (no lineNumber) and v1–v3 (`reason`).
    if (
      key('offender').test(head) &&
      key('commit').test(head) &&
      (key('rule').test(head) || key('reason').test(head))
    )
      return 80;
    return 0;
  },
  parse(input, options) {
    return findings(input, options);
  },
});
