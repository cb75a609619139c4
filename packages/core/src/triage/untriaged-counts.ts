import {
  computeScore,
  computeVerdict,
  emptyCounts,
  SEVERITIES,
  type SeverityCounts,
  severitySchema,
  type Verdict,
} from '@scanrelay/findings-schema';
import { z } from 'zod';

/** The two fields of a (raw or parsed) finding that triage needs. */
const keyedFindingSchema = z.looseObject({ fingerprint: z.string(), severity: severitySchema });

/** True when the finding (raw JSON or a parsed `Finding`) has a triaged fingerprint. */
export function isTriaged(finding: unknown, triaged: ReadonlyMap<string, unknown>): boolean {
  const parsed = keyedFindingSchema.safeParse(finding);
  return parsed.success && triaged.has(parsed.data.fingerprint);
}

/**
 * A result's counts without its triaged findings: `counts` (per severity, as the scanner gave them)
 * minus, per severity, the entries of `findings` whose fingerprint `triaged` holds (never below 0),
 * and how many entries that was.
 */
export function untriagedCounts(
  counts: Partial<SeverityCounts>,
  findings: Iterable<unknown>,
  triaged: ReadonlyMap<string, unknown>,
): { counts: SeverityCounts; triaged: number } {
  const off = emptyCounts();
  let n = 0;
  if (triaged.size > 0) {
    for (const raw of findings) {
      const parsed = keyedFindingSchema.safeParse(raw);
      if (!parsed.success || !triaged.has(parsed.data.fingerprint)) continue;
      off[parsed.data.severity]++;
      n++;
    }
  }
  const left = emptyCounts();
  for (const s of SEVERITIES) left[s] = Math.max(0, (counts[s] ?? 0) - off[s]);
  return { counts: left, triaged: n };
}

/** A scan result as it stands once its triaged findings are left out. */
export interface ResultStanding {
  counts: SeverityCounts;
  verdict: Verdict;
  score: number;
  /** How many of its findings were left out. */
  triaged: number;
}

/**
 * A result's counts, verdict and score without its triaged findings: when any of a completed
 * result's findings are triaged, the verdict and score are recomputed from what is left
 * (`computeVerdict`, `computeScore`); otherwise the scanner's own verdict and score stand.
 */
export function resultStanding(
  result: { status: string; counts: Partial<SeverityCounts>; verdict: Verdict; score: number },
  findings: Iterable<unknown>,
  triaged: ReadonlyMap<string, unknown>,
): ResultStanding {
  const left = untriagedCounts(result.counts, findings, triaged);
  if (left.triaged === 0 || result.status !== 'completed')
    return { counts: left.counts, verdict: result.verdict, score: result.score, triaged: left.triaged };
  return {
    counts: left.counts,
    verdict: computeVerdict(left.counts),
    score: computeScore(left.counts),
    triaged: left.triaged,
  };
}
