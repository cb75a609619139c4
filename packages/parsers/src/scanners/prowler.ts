import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { fromCsvRow, readProwlerCsv } from './prowler-csv.js';
import { fromOcsf, fromV3, ocsfSchema, v3Schema } from './prowler-json.js';
import { isFailure, PROWLER, type ProwlerRecord, toProwlerFinding } from './prowler-record.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';

/** One element of a JSON report: OCSF (4+, `status_code`) or 3.x (`CheckID`). */
function recordOf(value: unknown, at: string): ProwlerRecord {
  if (isRecord(value) && ('status_code' in value || 'finding_info' in value))
    return fromOcsf(
      parseWith(PROWLER, ocsfSchema, value, at, 'a prowler OCSF finding {status_code, metadata.event_code}'),
    );
  return fromV3(
    parseWith(
      PROWLER,
      v3Schema,
      value,
      at,
      'a prowler result ({CheckID, Status} or OCSF {status_code, metadata.event_code})',
    ),
  );
}

async function* fromJson(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: PROWLER, select: ['$[*]'] });
  for await (const m of stream.matches) {
    const at = `$[${m.path[0] as number}]`;
    const r = recordOf(m.value, at);
    if (isFailure(r, at, options)) yield toProwlerFinding(r, { path: at }, options);
  }
  const doc = stream.skeleton();
  if (!Array.isArray(doc))
    throw new ParseError(PROWLER, { path: '$' }, 'a prowler JSON array (json-ocsf, or 3.x json)', {
      got: describeValue(doc),
    });
}

async function* fromCsv(
  input: ParseInput,
  head: string,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  const firstLine = head.slice(0, Math.max(0, head.indexOf('\n')) || head.length);
  const delimiter = firstLine.includes(';') ? ';' : ',';
  for await (const row of readProwlerCsv(input, delimiter)) {
    const r = fromCsvRow(row);
    if (!r)
      throw new ParseError(PROWLER, { line: row.line }, 'a prowler CSV row with CHECK_ID', {
        got: 'an empty CHECK_ID',
      });
    if (isFailure(r, `line ${row.line}`, options)) yield toProwlerFinding(r, { line: row.line }, options);
  }
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText();
  if (/^\s*[[{]/.test(head.replace(/^\uFEFF/, ''))) yield* fromJson(input, options);
  else yield* fromCsv(input, head.replace(/^\uFEFF/, ''), options);
}

/** Columns every prowler CSV header names (3.x, 4+ and 5). */
const CSV_COLUMNS = ['CHECK_ID', 'CHECK_TITLE', 'STATUS', 'STATUS_EXTENDED', 'SEVERITY', 'PROVIDER'];

/** True when the first line is a `;` (or `,`) header naming prowler's columns. */
function isProwlerHeader(line: string): boolean {
  const columns = new Set(line.split(line.includes(';') ? ';' : ',').map((c) => c.trim()));
  return (
    CSV_COLUMNS.every((c) => columns.has(c)) &&
    (columns.has('FINDING_UID') || columns.has('FINDING_UNIQUE_ID'))
  );
}

export const prowlerParser = defineParser({
  id: PROWLER,
  name: 'Prowler',
  formats:
    'prowler json-ocsf (4+/5, OCSF Detection Findings), prowler 3.x -M json, and the ;-separated CSV of 3.x and 4+/5; one finding per FAIL result',
  detect(head) {
    const t = head.trimStart();
    if (t.startsWith('[')) {
      const ocsf = [
        key('event_code'),
        key('status_code'),
        key('finding_info'),
        /"(?:vendor_)?name"\s*:\s*"Prowler"/,
      ];
      if (hasAll(t, ocsf)) return 95;
      const v3 = [
        key('CheckID'),
        key('CheckTitle'),
        key('StatusExtended'),
        key('ServiceName'),
        key('Severity'),
      ];
      return hasAll(t, v3) ? 95 : 0;
    }
    const line = t.slice(0, t.indexOf('\n') < 0 ? t.length : t.indexOf('\n'));
    return isProwlerHeader(line.replace(/^\uFEFF/, '')) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
