import type { Finding } from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { invictiIssueToFinding } from './invicti-issue.js';
import { mergeRepeated } from './support/merge-repeated.js';

async function* eachFinding(
  issues: AsyncIterable<unknown> | Iterable<unknown>,
  options: ParseOptions,
): AsyncGenerator<Finding> {
  let index = 0;
  // The path is the one the parser gives an array element, so errors read the same either way.
  for await (const issue of issues) yield invictiIssueToFinding(issue, options, `$[${index++}]`);
}

/**
 * Canonical findings from Invicti API issues (IssueApiModel, as `issues/allissues` lists them), one
 * at a time, with no JSON text in between: the same per-issue mapping and merging of repeats as the
 * `invicti` parser gives a JSON array of the same issues (none with `oneFindingPerRecord`). A
 * malformed issue throws ParseError.
 */
export function mapInvictiIssues(
  issues: AsyncIterable<unknown> | Iterable<unknown>,
  options: Pick<ParseOptions, 'onWarning' | 'oneFindingPerRecord'> = {},
): AsyncGenerator<Finding> {
  return options.oneFindingPerRecord
    ? eachFinding(issues, options)
    : mergeRepeated(eachFinding(issues, options));
}
