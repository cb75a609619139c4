export { computeScore, SCORE_WEIGHTS } from './compute-score.js';
export { countSeverities } from './count-severities.js';
export { decideVerdict, type VerdictPolicy, verdictPolicySchema } from './decide-verdict.js';
