import { emptyCounts, type Finding, type SeverityCounts, severityRank } from '@scanrelay/findings-schema';
import { type Highlight, highlightOfFinding } from './highlight.js';

/** Counts per severity and the most severe findings, taken one finding at a time (memory stays flat). */
export interface FindingsTally {
  add(finding: Finding): void;
  readonly counts: SeverityCounts;
  /** The `top` most severe findings seen, most severe first (the first seen first within a severity). */
  highlights(): Highlight[];
}

export function createFindingsTally(top: number): FindingsTally {
  const counts = emptyCounts();
  let kept: { rank: number; order: number; finding: Finding }[] = [];
  let order = 0;
  return {
    counts,
    add(finding) {
      counts[finding.severity] += 1;
      const rank = severityRank[finding.severity];
      order += 1;
      if (kept.length < top) kept.push({ rank, order, finding });
      else if (top > 0 && rank > (kept[kept.length - 1]?.rank ?? 0)) {
        kept[kept.length - 1] = { rank, order, finding };
      } else return;
      kept = kept.sort((a, b) => b.rank - a.rank || a.order - b.order);
    },
    highlights: () => kept.map((k) => highlightOfFinding(k.finding)),
  };
}

/** Passes findings through while tallying them. */
export async function* tallied(
  findings: AsyncIterable<Finding> | Iterable<Finding>,
  tally: FindingsTally,
): AsyncGenerator<Finding> {
  for await (const f of findings) {
    tally.add(f);
    yield f;
  }
}
