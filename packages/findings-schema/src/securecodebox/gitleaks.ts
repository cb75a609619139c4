import { attr, type ScbConvention } from './convention.js';

/** secureCodeBox's gitleaks parser (scanners/gitleaks/parser/parser.js), from our canonical finding. */
export const gitleaksConvention: ScbConvention = {
  category: () => 'Potential Secret',
  attributes: (f) => ({
    file: f.location?.kind === 'source' ? f.location.file : undefined,
    line_number: f.location?.kind === 'source' ? f.location.startLine : undefined,
    commit: attr(f, 'commit'),
  }),
};
