import type { ScbConvention } from './convention.js';
import { gitleaksConvention } from './gitleaks.js';
import { nucleiConvention } from './nuclei.js';
import { semgrepConvention } from './semgrep.js';
import { trivyConvention } from './trivy.js';
import { zapConvention } from './zap.js';

/**
 * The conventions of the parsers secureCodeBox ships (scanners/<tool>/parser/parser.js), keyed by
 * our parser id: one file per scanner. Documented in this package's README.
 */
export const scbConventions: Readonly<Record<string, ScbConvention>> = {
  trivy: trivyConvention,
  semgrep: semgrepConvention,
  gitleaks: gitleaksConvention,
  zap: zapConvention,
  nuclei: nucleiConvention,
};
