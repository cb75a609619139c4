import * as z from 'zod';
import type { Finding } from './finding.js';

/** The triage statuses that travel with a finding to its destinations (stored spellings). */
export const FORWARDED_TRIAGE_STATUSES = ['false-positive', 'accepted-risk'] as const;

/**
 * A person's decision on a finding, as it goes out with the finding: present only while it holds (a
 * false positive, or a risk accepted and not yet expired); an open finding carries none.
 */
export const triageDecisionSchema = z.object({
  status: z.enum(FORWARDED_TRIAGE_STATUSES),
  /** Why it was triaged. */
  reason: z.string().optional(),
  /** ISO date-time the acceptance expires (accepted risk only). */
  acceptedUntil: z.iso.datetime({ offset: true }).optional(),
  /** ISO date-time of the decision. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type TriageDecision = z.infer<typeof triageDecisionSchema>;

/**
 * A canonical finding with the triage decision it carries, if any: what the store hands to the
 * sinks and to the secureCodeBox and SARIF conversions. A plain `Finding` is one with no decision.
 */
export type TriagedFinding = Finding & { triage?: TriageDecision };

/** The status a finding goes out with: its triage status, else `open`. */
export type ForwardedStatus = TriageDecision['status'] | 'open';

/** The status a destination shows: the triage status, else `open`. */
export function forwardedStatus(f: TriagedFinding): ForwardedStatus {
  return f.triage?.status ?? 'open';
}

/**
 * One line that says what was decided and why, for formats that take free text (SARIF's
 * `justification`): `false positive: <reason>`, `accepted risk until 2027-06-30T23:59:59Z: <reason>`.
 */
export function triageJustification(t: TriageDecision): string {
  const what =
    t.status === 'false-positive'
      ? 'false positive'
      : `accepted risk${t.acceptedUntil ? ` until ${t.acceptedUntil}` : ''}`;
  const reason = t.reason?.trim();
  return reason ? `${what}: ${reason}` : what;
}
