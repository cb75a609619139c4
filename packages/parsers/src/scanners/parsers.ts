import type { ScannerParser } from '../scanner-parser.js';
import { acunetixParser } from './acunetix.js';
import { awsInspector2Parser } from './aws-inspector2.js';
import { banditParser } from './bandit.js';
import { brakemanParser } from './brakeman.js';
import { bundlerAuditParser } from './bundler-audit.js';
import { burpParser } from './burp.js';
import { cargoAuditParser } from './cargo-audit.js';
import { checkovParser } from './checkov.js';
import { cppcheckParser } from './cppcheck.js';
import { cyclonedxParser } from './cyclonedx.js';
import { dependencyCheckParser } from './dependency-check.js';
import { dependencyTrackParser } from './dependency-track.js';
import { dockleParser } from './dockle.js';
import { eslintParser } from './eslint.js';
import { flawfinderParser } from './flawfinder.js';
import { githubVulnerabilityParser } from './github-vulnerability.js';
import { gitlabDependencyScanningParser } from './gitlab-dependency-scanning.js';
import { gitlabSastParser } from './gitlab-sast.js';
import { gitlabSecretDetectionParser } from './gitlab-secret-detection.js';
import { gitleaksParser } from './gitleaks.js';
import { govulncheckParser } from './govulncheck.js';
import { grypeParser } from './grype.js';
import { hadolintParser } from './hadolint.js';
import { horusecParser } from './horusec.js';
import { invictiParser } from './invicti.js';
import { jfrogXrayParser } from './jfrog-xray.js';
import { kicsParser } from './kics.js';
import { kubeBenchParser } from './kube-bench.js';
import { mendParser } from './mend.js';
import { niktoParser } from './nikto.js';
import { njsscanParser } from './njsscan.js';
import { nmapParser } from './nmap.js';
import { npmAuditParser } from './npm-audit.js';
import { nucleiParser } from './nuclei.js';
import { openvasParser } from './openvas.js';
import { osvScannerParser } from './osv-scanner.js';
import { pipAuditParser } from './pip-audit.js';
import { prowlerParser } from './prowler.js';
import { retirejsParser } from './retirejs.js';
import { sarifParser } from './sarif.js';
import { secretlintParser } from './secretlint.js';
import { secureCodeBoxParser } from './securecodebox.js';
import { semgrepParser } from './semgrep.js';
import { shellcheckParser } from './shellcheck.js';
import { snykParser } from './snyk.js';
import { sonarqubeParser } from './sonarqube.js';
import { sshAuditParser } from './ssh-audit.js';
import { sslyzeParser } from './sslyze.js';
import { terrascanParser } from './terrascan.js';
import { tfsecParser } from './tfsec.js';
import { trivyParser } from './trivy.js';
import { trivyOperatorParser } from './trivy-operator.js';
import { trufflehogParser } from './trufflehog.js';
import { trufflehog3Parser } from './trufflehog3.js';
import { wizParser } from './wiz.js';
import { wpscanParser } from './wpscan.js';
import { yarnAuditParser } from './yarn-audit.js';
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
  checkovParser,
  kicsParser,
  tfsecParser,
  terrascanParser,
  hadolintParser,
  kubeBenchParser,
  prowlerParser,
  trivyOperatorParser,
  dockleParser,
  cyclonedxParser,
  dependencyTrackParser,
  dependencyCheckParser,
  jfrogXrayParser,
  mendParser,
  cargoAuditParser,
  bundlerAuditParser,
  yarnAuditParser,
  pipAuditParser,
  govulncheckParser,
  sonarqubeParser,
  gitlabSastParser,
  gitlabDependencyScanningParser,
  gitlabSecretDetectionParser,
  githubVulnerabilityParser,
  horusecParser,
  brakemanParser,
  burpParser,
  acunetixParser,
  niktoParser,
  wpscanParser,
  openvasParser,
  nmapParser,
  sslyzeParser,
  sshAuditParser,
  awsInspector2Parser,
  wizParser,
] as const satisfies readonly ScannerParser<string>[];
