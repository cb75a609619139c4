import { GATE_EXIT, severitiesAtOrAbove } from '@scanrelay/client';
import type { SeverityCounts } from '@scanrelay/findings-schema';
import type { ActionOutcome } from './report/action-outcome.js';

type FailOn = 'critical' | 'high' | 'medium' | 'none';

/** The gate's policy on findings this step produced: any at or above `failOn` fails the step. */
export function findingsVerdict(
  counts: SeverityCounts,
  failOn: FailOn,
): Pick<ActionOutcome, 'verdict' | 'reason' | 'exitCode'> {
  const total = Object.values(counts).reduce((n, c) => n + c, 0);
  const over = failOn === 'none' ? [] : severitiesAtOrAbove(counts, failOn);
  if (over.length > 0)
    return {
      verdict: 'fail',
      exitCode: GATE_EXIT.failed,
      reason: `${over.map((s) => `${counts[s]} ${s}`).join(', ')} finding(s), at or above fail-on ${failOn}`,
    };
  return {
    verdict: 'pass',
    exitCode: GATE_EXIT.ok,
    reason:
      failOn === 'none'
        ? `${total} finding(s); fail-on none`
        : `${total} finding(s), none at or above fail-on ${failOn}`,
  };
}
