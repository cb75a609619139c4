import { type Finding, redactSecret } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser } from '../scanner-parser.js';
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

/**
 * v8 (`RuleID`, `Secret`, `Match`, `File`, `StartLine`…). `Secret` is hashed and never kept; `Match`
 * (the matched text, secret included) is kept as the snippet with the secret replaced by its redacted form.
 */
function v8Finding(r: Rec, at: string): Finding {
  const value = nonEmptyString(r.Secret) ?? nonEmptyString(r.Match);
  const secret = value ? redactSecret(value) : undefined;
  const match = nonEmptyString(r.Match);
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
        snippet: match ? redactLine(match, value, secret?.redacted ?? '****') : undefined,
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
      },
    },
  );
}

/** v7 (`rule`, `offender`, `line`, `lineNumber`, `file`…): `offender` is the secret, `line` holds it too. */
function v7Finding(r: Rec, at: string): Finding {
  const value = nonEmptyString(r.offender);
  const secret = value ? redactSecret(value) : undefined;
  const line = nonEmptyString(r.line);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: nonEmptyString(r.rule) ?? 'secret',
      name: nonEmptyString(r.rule) ? `${r.rule as string} secret detected` : 'Secret detected',
      severity: SEVERITY,
      category: 'Secrets',
      location: {
        kind: 'source',
        file: nonEmptyString(r.file) ?? 'unknown',
        startLine: positiveIntegerLike(r.lineNumber),
        snippet: line ? redactLine(line, value, secret?.redacted ?? '****') : undefined,
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
        ...(firstLine(r.commitMessage) ? { commitMessage: firstLine(r.commitMessage) } : {}),
        ...(nonEmptyString(r.repo) ? { repository: r.repo } : {}),
        ...(nonEmptyString(r.tags) ? { tags: (r.tags as string).split(/,\s*/) } : {}),
        ...(nonEmptyString(r.leakURL) ? { link: r.leakURL } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
  for await (const m of stream.matches) {
    const at = `$[${m.path[0] as number}]`;
    const r = m.value;
    if (isRecord(r) && typeof r.RuleID === 'string') yield v8Finding(r, at);
    else if (isRecord(r) && (typeof r.rule === 'string' || typeof r.offender === 'string'))
      yield v7Finding(r, at);
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
    'gitleaks --report-format json, v8 (RuleID/Secret/Match/StartLine) and v7 (rule/offender/line/lineNumber)',
  detect(head) {
    if (!/^\s*\[/.test(head)) return 0;
    if (
      key('RuleID').test(head) &&
      key('StartLine').test(head) &&
      (key('Secret').test(head) || key('Match').test(head))
    )
      return 90;
    if (key('offender').test(head) && key('lineNumber').test(head) && key('rule').test(head)) return 90;
    return 0;
  },
  parse(input) {
    return findings(input);
  },
});
