import { attr, type ScbConvention } from './convention.js';

/** secureCodeBox's semgrep parser (scanners/semgrep/parser/parser.js), from our canonical finding. */
export const semgrepConvention: ScbConvention = {
  // secureCodeBox names a semgrep finding after its rule id and uses the rule's metadata category.
  name: (f) => f.ruleId,
  category: (f) => attr(f, 'ruleCategory') ?? 'semgrep-result',
};
