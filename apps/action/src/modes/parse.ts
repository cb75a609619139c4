import { access } from 'node:fs/promises';
import * as core from '@actions/core';
import { isScannerId, ParseInput, parseReport, SCANNER_IDS } from '@scanrelay/parsers';
import { ActionError } from '../action-error.js';
import { findingsVerdict } from '../findings-verdict.js';
import type { InputsOf } from '../inputs.js';
import type { ActionOutcome } from '../report/action-outcome.js';
import { createFindingsTally, tallied } from '../report/findings-tally.js';
import { writeSarif } from '../write-sarif.js';

/** `parse`: a scanner report to a SARIF file for github/codeql-action/upload-sarif, with its counts. */
export async function runParse(inputs: InputsOf<'parse'>): Promise<ActionOutcome> {
  const file = inputs['report-file'];
  const scannerType = inputs['scanner-type'];
  if (scannerType !== 'auto' && !isScannerId(scannerType))
    throw new ActionError(
      'input',
      `scanner-type: unknown scanner "${scannerType}"; expected auto or one of ${SCANNER_IDS.join(', ')}`,
    );
  await access(file).catch((e: NodeJS.ErrnoException) => {
    throw new ActionError('input', `report-file: cannot read ${file}: ${e.code ?? e.message}`);
  });
  const { scanner, findings } = await parseReport(new ParseInput({ path: file }), {
    scannerType,
    onWarning: (m) => core.warning(m),
  });
  const tally = createFindingsTally(inputs.top);
  const sarifPath = inputs['sarif-file'];
  await writeSarif(sarifPath, tallied(findings, tally), {
    category: inputs.category,
    sourceRoot: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    onWarning: (m) => core.warning(m),
  });
  return {
    ...findingsVerdict(tally.counts, inputs['fail-on']),
    counts: tally.counts,
    highlights: tally.highlights(),
    sarifPath,
    notes: [`Parsed \`${file}\` as ${scanner}.`],
  };
}
