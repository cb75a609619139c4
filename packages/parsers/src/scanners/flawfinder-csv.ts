import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import type { ParseInput } from '../io/parse-input.js';
import { isParseError, ParseError } from '../parse-error.js';

/** One CSV record by column name, with its 1-based line in the file. */
export interface FlawfinderRow {
  fields: Partial<Record<string, string>>;
  line: number;
}

/** Columns every flawfinder --csv release writes, whatever else it adds. */
const REQUIRED = ['File', 'Line', 'Level', 'Name'] as const;
/** A record (a hit's context included) larger than this is not flawfinder output. */
const MAX_RECORD_BYTES = 1 << 20;

/** csv-parse's reason, by its code (its message quotes the input). */
function csvReason(e: unknown): { got: string; line?: number } {
  if (e instanceof CsvError) {
    const line = (e as { lines?: unknown }).lines;
    return {
      got: `a CSV error (${e.code})`,
      line: typeof line === 'number' && line > 0 ? line : undefined,
    };
  }
  return { got: 'input that is not CSV' };
}

/**
 * Streams the records of a flawfinder --csv report with csv-parse, one at a time, keyed by the
 * header's column names (so both the 2.0.0 columns and the later ones are read). A malformed CSV
 * (an unclosed quote, a record over 1 MiB) is a ParseError with the line; the header must name at
 * least File, Line, Level and Name.
 */
export async function* readFlawfinderCsv(input: ParseInput): AsyncGenerator<FlawfinderRow> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const feeding = pipeline(Readable.from(input.chunks()), parser).catch((e: unknown) => e);
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        header = record.map((c) => c.trim());
        if (!REQUIRED.every((c) => header!.includes(c)))
          throw new ParseError(
            'flawfinder',
            { line: info.lines },
            `a flawfinder --csv header naming ${REQUIRED.join(', ')}`,
            {
              got: `a header of ${header.length} column${header.length === 1 ? '' : 's'} without them`,
            },
          );
        continue;
      }
      const fields: Partial<Record<string, string>> = {};
      for (const [i, name] of header.entries()) if (record[i] !== undefined) fields[name] = record[i];
      yield { fields, line: info.lines };
    }
  } catch (e) {
    if (isParseError(e)) throw e;
    const failed = await feeding;
    if (isParseError(failed)) throw failed;
    const { got, line } = csvReason(e);
    throw new ParseError('flawfinder', line ? { line } : {}, 'well-formed CSV', { cause: e, got });
  }
  const failed = await feeding;
  if (isParseError(failed)) throw failed;
  if (!header) throw new ParseError('flawfinder', {}, 'a flawfinder --csv report', { got: 'an empty input' });
}
