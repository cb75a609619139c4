import * as z from 'zod';

/** The triage statuses that travel with a finding to its destinations (stored spellings). */
export const FORWARDED_TRIAGE_STATUSES = ['false-positive', 'accepted-risk'] as const;

/**
 * A person's decision on a finding, as it goes out with the finding: present only while it holds (a
 * false positive, or a risk accepted and not yet expired); an open finding carries none.
 *
 * In its own module, apart from the helpers of `triage-decision.ts`: the SARIF and secureCodeBox
 * writers import those, and a module that only writes findings should not build this schema when it is
 * loaded (the CLI's Invicti launch, issue 15).
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
