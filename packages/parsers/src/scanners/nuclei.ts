import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import { jsonSyntaxReason } from '../io/json-syntax-reason.js';
import type { ParseInput } from '../io/parse-input.js';
import { readLines } from '../io/read-lines.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError, type ParseErrorWhere } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nucleiEventSchema, nucleiEventToDraft } from './nuclei-event.js';
import { key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'nuclei';
const EXPECTED = 'a nuclei result {template-id, info, matched-at}';

/**
 * One event → a finding, or undefined for a `-matcher-status` event that did not match (kept for
 * the secureCodeBox export, whose parser emits every event).
 */
function eventFinding(
  raw: unknown,
  where: ParseErrorWhere,
  at: string,
  options: ParseOptions | undefined,
): Finding | undefined {
  const templateId = isRecord(raw) ? (raw['template-id'] ?? raw.templateID) : undefined;
  if (typeof templateId !== 'string' || templateId === '' || !isRecord(raw) || !isRecord(raw.info)) {
    throw new ParseError(SCANNER, where, EXPECTED, { got: describeValue(raw) });
  }
  const event = parseWith(SCANNER, nucleiEventSchema, raw, at, EXPECTED);
  if (event['matcher-status'] === false && options?.oneFindingPerRecord !== true) return undefined;
  return toFinding(SCANNER, where, nucleiEventToDraft(event, templateId, options, at));
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(1024);
  let skipped = 0;
  if (/^\s*\[/.test(head)) {
    const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
    for await (const m of stream.matches) {
      const at = formatJsonPath(m.path);
      const f = eventFinding(m.value, { path: at }, at, options);
      if (f) yield f;
      else skipped += 1;
    }
  } else {
    // An empty file is what nuclei writes when nothing matched: no findings.
    for await (const { line, number } of readLines(input)) {
      if (line.trim() === '') continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (cause) {
        // No `cause` and no excerpt: the line may hold a secret.
        throw new ParseError(SCANNER, { line: number }, 'one JSON object per line (nuclei -jsonl)', {
          got: `a line that is not JSON (${jsonSyntaxReason(cause).reason})`,
        });
      }
      const f = eventFinding(raw, { line: number }, `line ${number}`, options);
      if (f) yield f;
      else skipped += 1;
    }
  }
  if (skipped > 0)
    options?.onWarning?.(`nuclei: skipped ${skipped} event(s) with matcher-status false (no match)`);
}

export const nucleiParser = defineParser({
  id: SCANNER,
  name: 'Nuclei',
  formats: 'nuclei -jsonl (v3 template-id/matched-at and v2 templateID/matched) and -je JSON array export',
  detect(head) {
    // One `\s*` before an optional `[`, not `\s*\[?\s*`: two blank runs in a row split a long run of
    // blanks every possible way (quadratic: 5 s on a 64 KiB head of newlines).
    const first = /^\s*(?:\[\s*)?(\{[^\n]*)/.exec(head)?.[1] ?? '';
    const hasTemplate = /"(template-id|templateID)"\s*:\s*"/.test(first);
    if (hasTemplate && key('info').test(first) && /"(matched-at|matched|host)"\s*:/.test(first)) return 95;
    if (
      /"(template-id|templateID)"\s*:\s*"/.test(head) &&
      key('info').test(head) &&
      /"matched(-at)?"\s*:/.test(head)
    )
      return 80;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
