import type { Finding, Severity } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { type FlawfinderRow, readFlawfinderCsv } from './flawfinder-csv.js';
import { cweIds } from './support/cwe-ids.js';
import { nonBlankString, positiveIntegerLike } from './support/field-readers.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'flawfinder';
/**
 * Flawfinder's risk levels 0–5, mapped as its own SARIF output maps them (4–5 error, 3 warning,
 * 0–2 note) and as our SARIF parser reads those: a CSV and a SARIF report of one run agree.
 */
const LEVEL_SEVERITY: readonly Severity[] = ['low', 'low', 'low', 'medium', 'high', 'high'];
const FALLBACK: Severity = 'medium';

function severityOfLevel(raw: string | undefined, line: number, options: ParseOptions | undefined): Severity {
  const level = raw !== undefined && /^[0-5]$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
  if (level !== undefined) return LEVEL_SEVERITY[level]!;
  options?.onWarning?.(`flawfinder: line ${line}: unknown level (${describeValue(raw)}); using ${FALLBACK}`);
  return FALLBACK;
}

function toFlawfinderFinding(row: FlawfinderRow, options: ParseOptions | undefined): Finding {
  const f = row.fields;
  const file = nonBlankString(f.File);
  const func = nonBlankString(f.Name);
  if (!file || !func)
    throw new ParseError(SCANNER, { line: row.line }, 'a flawfinder hit with File and Name', {
      got: 'a row without them',
    });
  const category = nonBlankString(f.Category);
  const title = category ? `${category}/${func}` : func;
  const warning = nonBlankString(f.Warning)?.trim();
  const note = nonBlankString(f.Note)?.trim();
  const version = nonBlankString(f.ToolVersion);
  return toFinding(
    SCANNER,
    { line: row.line },
    {
      tool: { id: SCANNER, name: 'Flawfinder', ...(version ? { version } : {}) },
      ruleId: nonBlankString(f.RuleId) ?? title,
      name: warning ? `${title}: ${warning}` : title,
      description: [warning, note].filter(Boolean).join('\n\n') || undefined,
      severity: severityOfLevel(f.Level ?? f.DefaultLevel, row.line, options),
      category: 'SAST',
      location: {
        kind: 'source',
        file,
        startLine: positiveIntegerLike(f.Line),
        column: positiveIntegerLike(f.Column),
        snippet: nonBlankString(f.Context),
      },
      cwe: cweIds(f.CWEs),
      references: nonBlankString(f.HelpUri) ? [f.HelpUri as string] : [],
      mitigation: nonBlankString(f.Suggestion),
      // Flawfinder's fingerprint is a hash of the hit's context; its SARIF gives it as contextHash/v1.
      stableId: nonBlankString(f.Fingerprint),
      attributes: {
        function: func,
        ...(category ? { flawfinderCategory: category } : {}),
        ...(nonBlankString(f.Level) ? { level: Number(f.Level) } : {}),
        ...(nonBlankString(f.DefaultLevel) ? { defaultLevel: Number(f.DefaultLevel) } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  for await (const row of readFlawfinderCsv(input)) yield toFlawfinderFinding(row, options);
}

/** The header's first columns in every release with --csv (2.0.0+; DefaultLevel from 2.0.8). */
const HEADER = /^File,Line,Column,(?:DefaultLevel,)?Level,Category,Name,Warning\b/;

export const flawfinderParser = defineParser({
  id: SCANNER,
  name: 'Flawfinder',
  formats:
    'flawfinder --csv (File,Line,Column,[DefaultLevel,]Level,Category,Name,Warning,…,CWEs,Context,Fingerprint[,ToolVersion,RuleId,HelpUri]); its --sarif is read by sarif',
  detect(head) {
    return HEADER.test(head.trimStart()) ? 100 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
