import { type Finding, redactSecret } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'trufflehog3';
const TOOL = { id: SCANNER, name: 'trufflehog3' } as const;
const CWE_HARDCODED_CREDENTIALS = 'CWE-798';
const MITIGATION =
  'Revoke and rotate the secret, remove it from the code and its history, and load it from a secret store.';

const nullableString = z.string().nullish();
const currentSchema = z.object({
  rule: z.object({ id: z.string().min(1), message: z.string().nullish(), severity: z.string().nullish() }),
  path: z.string().min(1),
  line: z.union([z.string(), z.number()]).nullish(),
  secret: nullableString,
  context: z.record(z.string(), z.string().nullable()).nullish(),
  id: nullableString,
  branch: nullableString,
  message: nullableString,
  commit: nullableString,
  date: nullableString,
});
const legacySchema = z.object({
  reason: z.string().min(1),
  path: z.string().min(1),
  stringsFound: z.array(z.string()).optional(),
  commitHash: nullableString,
  commit: nullableString,
  branch: nullableString,
  date: nullableString,
});

const firstLine = (s: string | null | undefined): string | undefined =>
  s?.split('\n')[0]?.trim() || undefined;

function currentFinding(raw: unknown, at: string, options: ParseOptions | undefined): Finding {
  const r = parseWith(SCANNER, currentSchema, raw, at, 'a trufflehog3 result {rule{id}, path, line, secret}');
  const line = Number(r.line);
  const startLine = Number.isInteger(line) && line > 0 ? line : undefined;
  const secret = r.secret ? redactSecret(r.secret) : undefined;
  // Only the finding's own line is kept: neighbouring lines may hold other secrets in clear.
  const own = startLine !== undefined ? r.context?.[String(startLine)] : undefined;
  const snippet = own ? redactLine(own, r.secret ?? undefined, secret?.redacted ?? '****') : undefined;
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: r.rule.id,
      name: r.rule.message || r.rule.id,
      severity: severityOf(r.rule.severity ?? 'HIGH', options, `${at}.rule.severity`),
      category: 'Secrets',
      location: { kind: 'source', file: r.path, startLine, snippet },
      cwe: [CWE_HARDCODED_CREDENTIALS],
      mitigation: MITIGATION,
      secret,
      identifiedAt: r.date && !Number.isNaN(Date.parse(r.date)) ? new Date(r.date).toISOString() : undefined,
      attributes: {
        ...(r.id ? { resultId: r.id } : {}),
        ...(r.branch ? { branch: r.branch } : {}),
        ...(r.commit ? { commit: r.commit } : {}),
        ...(r.message ? { commitMessage: firstLine(r.message) } : {}),
      },
    },
  );
}

/**
 * The pre-3.0 format has no line and no isolated secret (`stringsFound` are whole diff lines): the
 * identity is reason + file, as in DefectDojo, and the strings themselves are never kept.
 */
function legacyFinding(raw: unknown, at: string): Finding {
  const r = parseWith(
    SCANNER,
    legacySchema,
    raw,
    at,
    'a legacy trufflehog3 result {reason, path, stringsFound}',
  );
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId:
        r.reason
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'secret',
      name: r.reason,
      severity: 'high',
      category: 'Secrets',
      location: { kind: 'source', file: r.path },
      cwe: [CWE_HARDCODED_CREDENTIALS],
      mitigation: MITIGATION,
      attributes: {
        format: 'legacy',
        stringsFound: r.stringsFound?.length ?? 0,
        commits: r.commitHash ? [r.commitHash] : [],
        ...(r.branch ? { branch: r.branch } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
  for await (const { path, value } of stream.matches) {
    const at = formatJsonPath(path);
    if (isRecord(value) && isRecord(value.rule)) yield currentFinding(value, at, options);
    else if (isRecord(value) && typeof value.reason === 'string') yield legacyFinding(value, at);
    else
      throw new ParseError(
        SCANNER,
        { path: at },
        'a trufflehog3 result with "rule" (3.x) or "reason" (legacy)',
        { got: describeValue(value) },
      );
  }
  const doc = stream.skeleton();
  if (!Array.isArray(doc))
    throw new ParseError(SCANNER, { path: '$' }, 'a trufflehog3 JSON array of results', {
      got: describeValue(doc),
    });
}

/** Collects the commits of merged legacy repeats (at most 20). */
function combineCommits(kept: Finding, repeat: Finding): void {
  const a = kept.attributes.commits;
  const b = repeat.attributes.commits;
  if (Array.isArray(a) && Array.isArray(b)) for (const c of b) if (!a.includes(c) && a.length < 20) a.push(c);
}

export const trufflehog3Parser = defineParser({
  id: SCANNER,
  name: 'trufflehog3',
  formats: 'trufflehog3 --format json (3.x: rule/secret/context; legacy: reason/stringsFound)',
  detect(head) {
    if (!/^\s*\[/.test(head)) return 0;
    if (key('rule').test(head) && key('secret').test(head) && key('context').test(head)) return 90;
    if (key('reason').test(head) && key('stringsFound').test(head)) return 85;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord
      ? findings(input, options)
      : mergeRepeated(findings(input, options), { combine: combineCommits }),
});
