import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse } from 'csv-parse';
import { isParseError, ParseError } from '../parse-error.js';
import type { ParseInput } from './parse-input.js';

/** One CSV record by column name (the header's names, trimmed), with its 1-based line in the file. */
export interface CsvRow {
  fields: Partial<Record<string, string>>;
  line: number;
}

export interface CsvOptions {
  /** Parser id for errors. */
  scanner: string;
  /** Columns the header must name, whatever else it has. */
  required: readonly string[];
  /** What the header should be, for errors: `a flawfinder --csv header`. */
  expected: string;
  /** A record larger than this is not this format (default 1 MiB). */
  maxRecordBytes?: number;
  /** Field delimiter (default `,`). */
  delimiter?: string;
}

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
 * Streams the records of a CSV report with csv-parse, one at a time, keyed by the header's column
 * names (so added or reordered columns of later tool versions are read). A malformed CSV (an unclosed
 * quote, a record over the limit) is a ParseError with the line; the header must name the required
 * columns. A UTF-8 BOM is dropped.
 */
export async function* readCsvRows(input: ParseInput, options: CsvOptions): AsyncGenerator<CsvRow> {
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: options.maxRecordBytes ?? 1 << 20,
    delimiter: options.delimiter ?? ',',
  });
  const feeding = pipeline(Readable.from(input.chunks()), parser).catch((e: unknown) => e);
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (!header) {
        header = record.map((c) => c.trim());
        if (!options.required.every((c) => header!.includes(c)))
          throw new ParseError(
            options.scanner,
            { line: info.lines },
            `${options.expected} naming ${options.required.join(', ')}`,
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
    throw new ParseError(options.scanner, line ? { line } : {}, 'well-formed CSV', { cause: e, got });
  }
  const failed = await feeding;
  if (isParseError(failed)) throw failed;
  if (!header) throw new ParseError(options.scanner, {}, options.expected, { got: 'an empty input' });
}
