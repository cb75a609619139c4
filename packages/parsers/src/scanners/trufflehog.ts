import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { type LineBatch, readLineBatches } from '../io/read-lines.js';
import { streamJson } from '../io/stream-json.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { key } from './support/head-json.js';
import { mergeRepeated, RepeatMerger } from './support/merge-repeated.js';
import { isRecord } from './support/parse-with.js';
import { v2Finding, v3Finding } from './trufflehog-finding.js';
import { type HeldV3, release, v3Held } from './trufflehog-held.js';

const SCANNER = 'trufflehog';
const MAX_WARNINGS = 5;

type Rec = Record<string, unknown>;

function toFindingOf(value: unknown, line: number): Finding | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.DetectorName === 'string') return v3Finding(value, line);
  if (typeof value.reason === 'string' && typeof value.path === 'string') return v2Finding(value, line);
  return undefined;
}

/** What the merge window holds of a result line (a v3 line's finding is built when it leaves the window). */
function toHeldOf(value: unknown, line: number): HeldV3 | Finding | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.DetectorName === 'string') return v3Held(value, line);
  if (typeof value.reason === 'string' && typeof value.path === 'string') return v2Finding(value, line);
  return undefined;
}

/** Merges repeats (RepeatMerger over `HeldV3`s), or passes every finding on as it comes (`oneFindingPerRecord`). */
interface Merger {
  /** What a result line gives (undefined for a log record). */
  read: (value: unknown, line: number) => HeldV3 | Finding | undefined;
  push: (item: HeldV3 | Finding) => Finding | undefined;
  flush: () => Finding[];
}
const passThrough: Merger = { read: toFindingOf, push: (f) => f as Finding, flush: () => [] };

/** What `fromLines` carries from one group of lines to the next. */
interface LineState {
  jsonLines: number;
  skipped: number;
  /** The findings released so far by the group being read (yielded after it). */
  out: Finding[];
}

/**
 * Lines handled between two yields: enough to make the `await` per group cheap, few enough that the
 * findings of a group die young (a whole 1 MiB chunk's worth would outlive the young generation).
 */
const GROUP = 64;

/**
 * Reads lines `from` ≤ i < `to` of a batch into `state.out` (the findings `merger` releases). A
 * ParseError is not thrown here but returned, so the caller first yields what came before it.
 */
function readGroup(
  batch: LineBatch,
  from: number,
  to: number,
  state: LineState,
  merger: Merger,
  options: ParseOptions | undefined,
): unknown {
  const { lines, first } = batch;
  try {
    for (let i = from; i < to; i++) {
      const trimmed = lines[i]!.trim();
      if (trimmed === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
          throw new ParseError(SCANNER, { line: first + i }, 'a complete JSON object on each line', {
            got: 'a cut or malformed JSON line',
          });
        }
        state.skipped++;
        if (state.skipped <= MAX_WARNINGS)
          options?.onWarning?.(`${SCANNER}: line ${first + i} is not JSON (log output?); skipped`);
        continue;
      }
      state.jsonLines++;
      const item = merger.read(value, first + i);
      if (item) {
        const released = merger.push(item);
        if (released) state.out.push(released);
      }
    }
  } catch (error) {
    return error;
  }
  return undefined;
}

/**
 * JSON lines (v3 `--json`, v2 `--json`). Lines with `DetectorName` (v3) or `reason` + `path` (v2) are
 * results; other JSON lines are trufflehog's log records and are ignored. A line that is not JSON:
 * when it starts like JSON (`{`, `[`) it is a cut or corrupt record and a ParseError; otherwise it is
 * stray text (e.g. `2>&1` mixed the human log in) and is skipped with a warning. A file with no JSON
 * line at all is a ParseError. Repeats are merged (see `RepeatMerger`). Lines are read in groups:
 * one `await` per group, not per line. (The parser's only generator: each layer costs every finding.)
 * With `oneFindingPerRecord` every result line is its own finding.
 */
async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(1024);
  const perRecord = options?.oneFindingPerRecord === true;
  if (/^\s*\[/.test(head)) {
    yield* perRecord ? fromArray(input) : mergeRepeated(fromArray(input), { combine: combineCommits });
    return;
  }
  let merger = passThrough;
  if (!perRecord) {
    const held = new RepeatMerger<HeldV3 | Finding>({ combine: combineCommits, release });
    merger = { read: toHeldOf, push: (f) => held.push(f), flush: () => held.flush() };
  }
  const state: LineState = { jsonLines: 0, skipped: 0, out: [] };
  for await (const batch of readLineBatches(input)) {
    const n = batch.lines.length;
    for (let from = 0; from < n; from += GROUP) {
      const error = readGroup(batch, from, Math.min(n, from + GROUP), state, merger, options);
      const out = state.out;
      state.out = [];
      for (let i = 0; i < out.length; i++) yield out[i]!;
      if (error !== undefined) throw error;
    }
  }
  if (state.skipped > MAX_WARNINGS)
    options?.onWarning?.(`${SCANNER}: ${state.skipped} lines in all were not JSON and were skipped`);
  if (state.jsonLines === 0) {
    throw new ParseError(SCANNER, { line: 1 }, 'trufflehog JSON lines', {
      got: state.skipped > 0 ? 'no JSON line at all' : 'an empty input',
    });
  }
  for (const f of merger.flush()) yield f;
}

/** The same results wrapped in a JSON array (some pipelines collect the lines with `jq -s`). */
async function* fromArray(input: ParseInput): AsyncGenerator<Finding> {
  for await (const m of streamJson(input, { scanner: SCANNER, select: ['$[*]'] })) {
    const finding = toFindingOf(m.value as Rec, (m.path[0] as number) + 1);
    if (finding) yield finding;
  }
}

/** Collects the commits of merged repeats (at most 20). */
export function combineCommits(kept: Pick<Finding, 'attributes'>, repeat: Pick<Finding, 'attributes'>): void {
  const a = kept.attributes.commits;
  const b = repeat.attributes.commits;
  if (Array.isArray(a) && Array.isArray(b)) for (const c of b) if (!a.includes(c) && a.length < 20) a.push(c);
}

/**
 * A line whose first non-blank character is `{`. Only blanks that do not end a line may precede it:
 * `/^\s*\{/m` meant the same but rescanned every following blank line from each line start
 * (quadratic: 5 s on a 64 KiB head of newlines).
 */
const LINE_STARTS_OBJECT = /^[^\S\n\r\u2028\u2029]*\{/m;

export const trufflehogParser = defineParser({
  id: SCANNER,
  name: 'TruffleHog',
  formats:
    'trufflehog v3 --json (JSON lines with DetectorName; log lines ignored) and trufflehog v2 --json (reason/path/stringsFound)',
  detect(head) {
    // Some line starts an object: the report may begin with log text when stderr was mixed in.
    if (/^\s*\[/.test(head) || !LINE_STARTS_OBJECT.test(head)) return 0;
    if (key('DetectorName').test(head) && key('SourceMetadata').test(head)) return 95;
    if (key('reason').test(head) && key('stringsFound').test(head) && key('path').test(head)) return 85;
    return 0;
  },
  parse(input, options) {
    return findings(input, options);
  },
});
