import type { ScannerParser } from '../scanner-parser.js';
import { banditParser } from './bandit.js';
import { cppcheckParser } from './cppcheck.js';
import { eslintParser } from './eslint.js';
import { flawfinderParser } from './flawfinder.js';
import { gitleaksParser } from './gitleaks.js';
import { grypeParser } from './grype.js';
import { invictiParser } from './invicti.js';
import { njsscanParser } from './njsscan.js';
import { npmAuditParser } from './npm-audit.js';
import { nucleiParser } from './nuclei.js';
import { osvScannerParser } from './osv-scanner.js';
import { retirejsParser } from './retirejs.js';
import { sarifParser } from './sarif.js';
import { secretlintParser } from './secretlint.js';
import { secureCodeBoxParser } from './securecodebox.js';
import { semgrepParser } from './semgrep.js';
import { shellcheckParser } from './shellcheck.js';
import { snykParser } from './snyk.js';
import { trivyParser } from './trivy.js';
import { trufflehogParser } from './trufflehog.js';
import { trufflehog3Parser } from './trufflehog3.js';
import { zapParser } from './zap.js';

/**
 * Every parser, and the one list of them: the scanner ids (SCANNER_IDS, ScannerId) derive from it.
 * The order is the detection order: on equal confidence the earlier parser wins. A new parser is
 * added here, and nowhere else.
 */
export const parsers = [
  trivyParser,
  sarifParser,
  trufflehogParser,
  gitleaksParser,
  zapParser,
  secureCodeBoxParser,
  grypeParser,
  semgrepParser,
  njsscanParser,
  trufflehog3Parser,
  invictiParser,
  npmAuditParser,
  snykParser,
  osvScannerParser,
  nucleiParser,
  banditParser,
  shellcheckParser,
  cppcheckParser,
  flawfinderParser,
  eslintParser,
  secretlintParser,
  retirejsParser,
] as const satisfies readonly ScannerParser<string>[];
