import type { Finding } from '@scanrelay/findings-schema';
import type { Issue, VulnerabilitiesReport } from './issue-schema.js';

export interface ToFindingsOptions {
  /** Issues parsed per batch; bounds memory for accounts with thousands of issues. Default 200. */
  batchSize?: number;
  onWarning?: (message: string) => void;
}

function isReport(x: unknown): x is VulnerabilitiesReport {
  return (
    typeof x === 'object' && x !== null && Array.isArray((x as { Vulnerabilities?: unknown }).Vulnerabilities)
  );
}

/**
 * Canonical findings from Invicti issues (an array or an async iterator such as listIssues) or from a
 * JSON vulnerabilities report, through the `invicti` parser of @scanrelay/parsers. The parsers are
 * loaded on first use, so launching a scan never pays for them.
 */
export async function* toFindings(
  source: AsyncIterable<Issue> | Iterable<Issue> | VulnerabilitiesReport,
  opts: ToFindingsOptions = {},
): AsyncGenerator<Finding> {
  const { ParseInput, parseReport } = await import('@scanrelay/parsers');
  const parse = async function* (doc: unknown) {
    const input = new ParseInput({ text: JSON.stringify(doc) });
    const { findings } = await parseReport(input, { scannerType: 'invicti', onWarning: opts.onWarning });
    yield* findings;
  };
  if (isReport(source)) {
    yield* parse(source);
    return;
  }
  const size = opts.batchSize ?? 200;
  let batch: Issue[] = [];
  for await (const issue of source as AsyncIterable<Issue>) {
    batch.push(issue);
    if (batch.length >= size) {
      yield* parse(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield* parse(batch);
}
