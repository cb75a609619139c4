import type { Finding, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { parsedMatches } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'hadolint';
const TOOL = { id: SCANNER, name: 'Hadolint' } as const;
/**
 * Hadolint's levels are lint levels: an `error` (DL1000 parse errors, DL3xxx rules it rates as errors)
 * is high, a `warning` medium, `info` low and `style` informational.
 */
const HADOLINT_SEVERITY: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
  STYLE: 'info',
  IGNORE: 'info',
  NONE: 'info',
};

/** One entry of `hadolint -f json` (every 1.x and 2.x release writes these six keys). */
const issueSchema = z
  .object({
    code: z.string().min(1),
    message: z.string(),
    level: z.string(),
    file: z.string().min(1),
    line: z.number().int().nonnegative().optional(),
    column: z.number().int().nonnegative().optional(),
  })
  .loose();
type HadolintIssue = z.infer<typeof issueSchema>;

function toHadolintFinding(r: HadolintIssue, at: string, options: ParseOptions | undefined): Finding {
  const message = r.message.trim();
  const isShellcheck = r.code.startsWith('SC');
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: r.code,
      name: message.split('\n')[0]?.trim() || r.code,
      description: message || undefined,
      severity: severityOf(r.level, options, `${at}.level`, HADOLINT_SEVERITY),
      category: 'IaC',
      location: {
        kind: 'source',
        file: r.file,
        startLine: r.line && r.line > 0 ? r.line : undefined,
        column: r.column && r.column > 0 ? r.column : undefined,
      },
      references: [
        isShellcheck
          ? `https://www.shellcheck.net/wiki/${r.code}`
          : `https://github.com/hadolint/hadolint/wiki/${r.code}`,
      ],
      attributes: { level: r.level },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
  for await (const { at, value: r } of parsedMatches(
    SCANNER,
    stream.matches,
    issueSchema,
    'a hadolint issue {code, message, level, file, line}',
  )) {
    yield toHadolintFinding(r, at, options);
  }
  const doc = stream.skeleton();
  if (!Array.isArray(doc))
    throw new ParseError(SCANNER, { path: '$' }, 'a hadolint -f json array of issues', {
      got: describeValue(doc),
    });
}

/** A hadolint rule (DL3008) or a ShellCheck code it forwards (SC2086), as a JSON string. */
const HADOLINT_CODE = /"code"\s*:\s*"(?:DL|SC)\d{4}"/;

export const hadolintParser = defineParser({
  id: SCANNER,
  name: 'Hadolint',
  formats: 'hadolint -f json (1.x and 2.x: an array of {code, message, level, file, line, column})',
  detect(head) {
    if (!/^\s*\[\s*\{/.test(head)) return 0;
    return hasAll(head, [HADOLINT_CODE, key('level'), key('file'), key('message'), key('line')]) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
