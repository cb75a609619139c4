import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { readLines } from '../io/read-lines.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { npmV6AdvisorySchema } from './npm-audit-v6.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';
import { berryDraft, berryLineSchema, SCANNER, yarnAdvisoryDraft } from './yarn-audit-record.js';

const auditAdvisorySchema = z
  .object({
    resolution: z.object({ path: z.string().optional() }).loose().optional(),
    advisory: npmV6AdvisorySchema,
  })
  .loose();

/** An error code (`ECONNREFUSED`, `ENOTFOUND`) in yarn's error text, which may quote a registry URL with a token. */
function errorCode(data: unknown): string {
  const code = typeof data === 'string' ? /\bE[A-Z0-9]{3,20}\b/.exec(data)?.[0] : undefined;
  return code ?? 'no error code';
}

/** One line of yarn 1 (`{type, data}` events) or yarn 4 (`{value, children}`) output → its findings. */
function lineFinding(doc: unknown, n: number, options: ParseOptions | undefined): Finding | undefined {
  const at = `line ${n}`;
  if (!isRecord(doc))
    throw new ParseError(SCANNER, { line: n }, 'a JSON object on each line', { got: describeValue(doc) });
  if (typeof doc.type === 'string') {
    if (doc.type === 'error')
      throw new ParseError(
        SCANNER,
        { line: n },
        'a yarn audit report (this one says the audit itself failed)',
        {
          got: `yarn audit report contains errors: ${errorCode(doc.data)}`,
        },
      );
    if (doc.type !== 'auditAdvisory') return undefined; // auditSummary, auditAction, info, warning, activity…
    const data = parseWith(
      SCANNER,
      auditAdvisorySchema,
      doc.data,
      `${at}: $.data`,
      'a yarn auditAdvisory {resolution, advisory: {id, module_name, severity, findings[]}}',
    );
    const draft = yarnAdvisoryDraft(data.advisory, options, `${at}: $.data.advisory`);
    if (data.resolution?.path)
      draft.attributes = { ...draft.attributes, resolutionPath: data.resolution.path };
    return toFinding(SCANNER, { line: n }, draft);
  }
  const line = parseWith(
    SCANNER,
    berryLineSchema,
    doc,
    `${at}: $`,
    'a yarn 1 event {type, data} or a yarn 4 audit line {value, children: {ID, Severity}}',
  );
  return toFinding(SCANNER, { line: n }, berryDraft(line, options, `${at}: $`));
}

async function* lineFindings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  for await (const { line, number } of readLines(input)) {
    const text = line.trim();
    if (text === '') continue;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (cause) {
      throw new ParseError(SCANNER, { line: number }, 'one complete JSON object per line', {
        cause,
        got: 'a line that is not JSON',
      });
    }
    const f = lineFinding(doc, number, options);
    if (f) yield f;
  }
}

/** yarn 2/3 `yarn npm audit --json`: the registry's answer, npm 6's {actions, advisories, muted, metadata}. */
async function* documentFindings(
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.advisories.*'] });
  for await (const { at, value: a } of parsedMatches(
    SCANNER,
    stream.matches,
    npmV6AdvisorySchema,
    'an npm registry advisory {id, module_name, severity, findings[]}',
  )) {
    yield toFinding(SCANNER, { path: at }, yarnAdvisoryDraft(a, options, at));
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !isRecord(doc.advisories))
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'yarn audit --json lines (yarn 1, yarn 4) or a yarn 2/3 {advisories} object',
      { got: describeValue(doc) },
    );
}

/** The first line of yarn 1 (`{"type":…`) or yarn 4 (`{"value":…`) output. */
const LINES_START = /^\s*\{\s*"(?:type|value)"\s*:/;

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText();
  const isDocument = !LINES_START.test(head) && /^\s*\{/.test(head) && !/^\s*\{[^\n]*\}\s*\n\s*\{/.test(head);
  yield* isDocument ? documentFindings(input, options) : lineFindings(input, options);
}

const YARN1_AUDIT = /^\{"type":"(?:auditAdvisory|auditSummary|auditAction)","data":\{/m;
const YARN1_EVENT = /^\s*\{"type":"(?:info|warning|error)","data":"/;
const BERRY_LINE = /^\s*\{"value":"[^"\n]+","children":\{"ID":/;

export const yarnAuditParser = defineParser({
  id: SCANNER,
  name: 'yarn audit',
  formats:
    'yarn audit --json (yarn 1 JSON lines: auditAdvisory, repeats per path merged), yarn npm audit --json (yarn 2/3: the npm 6 {advisories} object, by explicit type only; yarn 4 JSON lines {value, children})',
  detect(head) {
    if (YARN1_AUDIT.test(head)) return 95;
    if (BERRY_LINE.test(head) && /"Vulnerable Versions"\s*:|"Tree Versions"\s*:/.test(head)) return 95;
    // A run that failed before auditing: only info/warning/error events, naming yarn.
    if (YARN1_EVENT.test(head) && /yarnpkg\.com|yarn-error\.log|yarn audit/.test(head)) return 60;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
