import type { Finding, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { hasAll, headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'shellcheck';
const TOOL = { id: SCANNER, name: 'ShellCheck' } as const;
/** ShellCheck's four levels (`--severity`): error, warning, info, style. */
const SHELLCHECK_SEVERITY: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  STYLE: 'info',
};

/** One comment, the same in `-f json1` (`{comments: […]}`) and `-f json` (a top-level array). */
const commentSchema = z
  .object({
    file: z.string().min(1),
    line: z.number().int().nonnegative(),
    endLine: z.number().int().nonnegative().optional(),
    column: z.number().int().nonnegative().optional(),
    endColumn: z.number().int().nonnegative().optional(),
    level: z.string(),
    code: z.number().int().nonnegative(),
    message: z.string().min(1),
    fix: z.unknown().optional(),
  })
  .loose();

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]', '$.comments[*]'] });
  for await (const m of stream.matches) {
    const at = m.path.length === 1 ? `$[${m.path[0] as number}]` : `$.comments[${m.path[1] as number}]`;
    const c = parseWith(
      SCANNER,
      commentSchema,
      m.value,
      at,
      'a shellcheck comment {file, line, level, code, message}',
    );
    const code = `SC${c.code}`;
    yield toFinding(
      SCANNER,
      { path: at },
      {
        tool: TOOL,
        ruleId: code,
        name: c.message,
        severity: severityOf(c.level, options, `${at}.level`, SHELLCHECK_SEVERITY),
        category: 'SAST',
        location: {
          kind: 'source',
          file: c.file,
          startLine: c.line,
          endLine: c.endLine !== undefined && c.endLine > c.line ? c.endLine : undefined,
          column: c.column,
          endColumn: c.endColumn,
        },
        references: [`https://www.shellcheck.net/wiki/${code}`],
        attributes: { level: c.level, ...(isRecord(c.fix) ? { hasFix: true } : {}) },
      },
    );
  }
  const doc = stream.skeleton();
  if (!Array.isArray(doc) && !(isRecord(doc) && Array.isArray(doc.comments))) {
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'a shellcheck -f json1 object {comments: [...]} or -f json array',
      {
        got: describeValue(doc),
      },
    );
  }
}

export const shellcheckParser = defineParser({
  id: SCANNER,
  name: 'ShellCheck',
  formats: 'shellcheck -f json1 ({comments[]}) and -f json (an array of comments); SC codes as rule ids',
  detect(head) {
    const comment = [
      key('file'),
      key('line'),
      key('endLine'),
      key('column'),
      key('level'),
      key('code'),
      key('message'),
    ];
    if (/^\s*\{/.test(head) && hasAll(head, [key('comments'), ...comment])) return 95;
    if (/^\s*\[/.test(head) && hasAll(head, comment)) return 90;
    // A clean run: json1 writes {"comments":[]}.
    const doc = headJson(head);
    if (
      isRecord(doc) &&
      Object.keys(doc).length === 1 &&
      Array.isArray(doc.comments) &&
      doc.comments.length === 0
    )
      return 60;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
