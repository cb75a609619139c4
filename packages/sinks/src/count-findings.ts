import type { TriagedFinding } from '@scanrelay/findings-schema';

/** What a sink that sends the original report learns of the findings it does not send itself. */
export interface FindingsTally {
  count: number;
  /** Findings that carry a triage decision the original report cannot say. */
  triaged: number;
}

/** Drains the findings, counting them and the triaged ones. */
export async function countFindings(findings: AsyncIterable<TriagedFinding>): Promise<FindingsTally> {
  let count = 0;
  let triaged = 0;
  for await (const f of findings) {
    count += 1;
    if (f.triage) triaged += 1;
  }
  return { count, triaged };
}

/** The warning for triaged findings that travel inside an original report, which has no status. */
export function triageNotCarried(triaged: number, scanner: string, destination: string): string {
  return `${triaged} triaged findings go in the original ${scanner} report, which cannot carry it: ${destination} does not receive their status (false positive, accepted risk)`;
}
