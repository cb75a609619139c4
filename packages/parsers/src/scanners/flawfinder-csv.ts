import type { ParseInput } from '../io/parse-input.js';
import { type CsvRow, readCsvRows } from '../io/read-csv.js';

/** One flawfinder CSV record by column name, with its 1-based line in the file. */
export type FlawfinderRow = CsvRow;

/**
 * Streams the records of a flawfinder --csv report, keyed by the header's column names (so both the
 * 2.0.0 columns and the later ones are read). The header must name at least File, Line, Level and Name;
 * a record (a hit's context included) over 1 MiB is not flawfinder output.
 */
export function readFlawfinderCsv(input: ParseInput): AsyncGenerator<FlawfinderRow> {
  return readCsvRows(input, {
    scanner: 'flawfinder',
    required: ['File', 'Line', 'Level', 'Name'],
    expected: 'a flawfinder --csv header',
  });
}
