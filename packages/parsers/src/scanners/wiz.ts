import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { readCsvRows } from '../io/read-csv.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { toFinding } from './support/to-finding.js';
import { ISSUE_COLUMNS, issueDraft, SCANNER, VULNERABILITY_COLUMNS, vulnerabilityDraft } from './wiz-row.js';

/** The header's column names (Wiz quotes none of them), without a BOM. */
function headerOf(head: string): string[] {
  const end = head.indexOf('\n');
  const first = (end < 0 ? head : head.slice(0, end)).replace(/^\uFEFF/, '');
  // A Wiz header names its Wiz URL column; anything else is not split (a long line of commas is cheap to refuse).
  if (!first.includes('Wiz URL') && !first.includes('WizURL')) return [];
  return first
    .replace(/\r$/, '')
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, ''));
}

type Shape = 'issues' | 'vulnerabilities';

function shapeOf(columns: readonly string[]): Shape | undefined {
  if (ISSUE_COLUMNS.every((c) => columns.includes(c)) && columns.includes('Wiz URL')) return 'issues';
  if (VULNERABILITY_COLUMNS.every((c) => columns.includes(c)) && columns.includes('WizURL'))
    return 'vulnerabilities';
  return undefined;
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const shape = shapeOf(headerOf(await input.headText()));
  if (!shape)
    throw new ParseError(
      SCANNER,
      { line: 1 },
      `a Wiz CSV export header: the Issues export (${ISSUE_COLUMNS.join(', ')}, Wiz URL) or the Vulnerability Findings export (${VULNERABILITY_COLUMNS.join(', ')}, WizURL)`,
      { got: 'another header' },
    );
  const rows = readCsvRows(input, {
    scanner: SCANNER,
    required: shape === 'issues' ? ISSUE_COLUMNS : VULNERABILITY_COLUMNS,
    expected: `a Wiz ${shape} CSV header`,
  });
  for await (const row of rows)
    yield toFinding(
      SCANNER,
      { line: row.line },
      shape === 'issues' ? issueDraft(row, options) : vulnerabilityDraft(row, options),
    );
}

export const wizParser = defineParser({
  id: SCANNER,
  name: 'Wiz',
  formats:
    'Wiz CSV exports: the Issues export (Created At, Title, Severity, Status, …, Issue ID; every status) and the Vulnerability Findings export (ID, WizURL, Name, VendorSeverity, DetailedName, Version, …)',
  detect(head) {
    if (/^\s*[{[<]/.test(head)) return 0;
    return shapeOf(headerOf(head)) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
