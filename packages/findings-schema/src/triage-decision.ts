import type { Finding } from './finding.js';
import type { TriageDecision } from './triage-decision-schema.js';

// The schema and its statuses live in triage-decision-schema.ts, so importing these helpers builds no
// zod schema; both are exported by the package's index as before.
export type { TriageDecision } from './triage-decision-schema.js';

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
