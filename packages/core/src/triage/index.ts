export { type BuildOpenVexInput, buildOpenVex } from './openvex.js';
export { findingHistory, isExpiredAcceptance, listFindings, readFinding } from './read-findings.js';
export { parseExpiresAt, TRIAGE_REASON_MAX, type TriageRequest, toTriageChange } from './triage-change.js';
export { type TriageFindingInput, triageFinding } from './triage-finding.js';
export {
  BULK_TRIAGE_MAX,
  type TriageFilter,
  type TriageFindingsInput,
  triageFindings,
} from './triage-findings.js';
export { isTriaged, untriagedCounts } from './untriaged-counts.js';
