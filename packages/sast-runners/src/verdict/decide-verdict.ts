import { SEVERITIES, type Severity, severitySchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { SeverityCounts } from '../types.js';

/** When a scan fails its gate: any finding at `failOn` or more severe (default `critical`). */
export const verdictPolicySchema = z.object({ failOn: severitySchema.default('critical') });
export type VerdictPolicy = z.input<typeof verdictPolicySchema>;

/** `fail` when any finding is at the policy's `failOn` severity or above, else `pass`. */
export function decideVerdict(counts: SeverityCounts, policy: VerdictPolicy = {}): 'pass' | 'fail' {
  const { failOn } = verdictPolicySchema.parse(policy);
  const gated: readonly Severity[] = SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1);
  return gated.some((severity) => (counts[severity] ?? 0) > 0) ? 'fail' : 'pass';
}
