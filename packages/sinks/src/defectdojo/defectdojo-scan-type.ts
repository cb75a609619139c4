/** DefectDojo's name for its generic JSON format, used when it has no parser for the report. */
export const GENERIC_FINDINGS_IMPORT = 'Generic Findings Import';

/**
 * DefectDojo's scan type (the `get_scan_types()` name in dojo/tools/<tool>/parser.py) by our scanner id,
 * where DefectDojo parses that scanner's report as we accept it. `null`: DefectDojo has no parser for the
 * format (secureCodeBox findings, Invicti API issues, ZAP JSON, cppcheck XML, flawfinder CSV): the findings go as a Generic Findings
 * Import. A function: the scan type depends on the report's variant.
 */
export const DEFECTDOJO_SCAN_TYPES: Readonly<
  Record<string, string | null | ((head: string) => string | null)>
> = {
  trivy: 'Trivy Scan',
  sarif: 'SARIF',
  trufflehog: 'Trufflehog Scan',
  gitleaks: 'Gitleaks Scan',
  // DefectDojo's ZAP parser reads the XML report only.
  zap: (head) => (head.trimStart().startsWith('<') ? 'ZAP Scan' : null),
  securecodebox: null,
  grype: 'Anchore Grype',
  // The AppSec Platform findings export ({findings: [...]}) is DefectDojo's Semgrep Pro report.
  semgrep: (head) => (/^\s*\{\s*"findings"/.test(head) ? 'Semgrep Pro JSON Report' : 'Semgrep JSON Report'),
  // DefectDojo's njsscan parser is recent (older releases answer 400 for this scan type).
  njsscan: 'njsscan Scan',
  trufflehog3: 'Trufflehog3 Scan',
  // A Netsparker/Invicti report ({Generated, Target, Vulnerabilities}); API issue lists go generic.
  invicti: (head) => (head.includes('"Vulnerabilities"') ? 'Netsparker Scan' : null),
  // npm 7+ writes auditReportVersion 2; npm 6 has "advisories".
  'npm-audit': (head) => (head.includes('"auditReportVersion"') ? 'NPM Audit v7+ Scan' : 'NPM Audit Scan'),
  // DefectDojo's Snyk parser reads both `snyk test --json` and Snyk Code's SARIF-shaped output.
  snyk: 'Snyk Scan',
  'osv-scanner': 'OSV Scan',
  nuclei: 'Nuclei Scan',
  bandit: 'Bandit Scan',
  // DefectDojo's ShellCheck parser reads `-f json` (an array), not `-f json1`.
  shellcheck: (head) => (head.trimStart().startsWith('[') ? 'ShellCheck Scan' : null),
  // DefectDojo's Cppcheck and Flawfinder parsers read SARIF; we take cppcheck's XML and flawfinder's CSV
  // here (their SARIF goes through our sarif parser and DefectDojo's "SARIF").
  cppcheck: null,
  flawfinder: null,
  // `-f json` (an array); `-f json-with-metadata` goes generic.
  eslint: (head) => (head.trimStart().startsWith('[') ? 'ESLint Scan' : null),
  secretlint: (head) => (head.includes('"$schema"') && head.includes('"runs"') ? 'SARIF' : 'Secretlint Scan'),
  retirejs: 'Retire.js Scan',
  checkov: 'Checkov Scan',
  kics: 'KICS Scan',
  tfsec: 'TFSec Scan',
  terrascan: 'Terrascan Scan',
  hadolint: 'Hadolint Dockerfile check',
  'kube-bench': 'kube-bench Scan',
  // DefectDojo tells Prowler's JSON (OCSF) from its CSV by the file name; the stored report keeps the upload's name.
  prowler: 'Prowler Scan',
  'trivy-operator': 'Trivy Operator Scan',
  dockle: 'Dockle Scan',
  cyclonedx: 'CycloneDX Scan',
  'dependency-track': 'Dependency Track Finding Packaging Format (FPF) Export',
  // DefectDojo's Dependency-Check parser reads the XML report only.
  'dependency-check': (head) => (head.trimStart().startsWith('<') ? 'Dependency Check Scan' : null),
  // Xray 2.x exports ({total_count, data[]} with source_comp_id) have their own DefectDojo parser.
  'jfrog-xray': (head) => (head.includes('"source_comp_id"') ? 'JFrog Xray Scan' : 'JFrog Xray Unified Scan'),
  mend: 'Mend Scan',
  'cargo-audit': 'CargoAudit Scan',
  // DefectDojo's Bundler-Audit parser reads the text output only; --format json goes generic.
  'bundler-audit': (head) => (head.trimStart().startsWith('{') ? null : 'Bundler-Audit Scan'),
  'yarn-audit': 'Yarn Audit Scan',
  'pip-audit': 'pip-audit Scan',
  // DefectDojo reads a JSON array of messages or the pre-1.0 {Vulns}, not the v1 message stream.
  govulncheck: (head) =>
    head.trimStart().startsWith('[') || head.includes('"Vulns"') ? 'Govulncheck Scanner' : null,
  sonarqube: 'SonarQube Scan',
  'gitlab-sast': 'GitLab SAST Report',
  'gitlab-dependency-scanning': 'GitLab Dependency Scanning Report',
  'gitlab-secret-detection': 'GitLab Secret Detection Report',
  'github-vulnerability': 'Github Vulnerability Scan',
  horusec: 'Horusec Scan',
  brakeman: 'Brakeman Scan',
  burp: 'Burp Scan',
  acunetix: 'Acunetix Scan',
  nikto: 'Nikto Scan',
  wpscan: 'Wpscan',
  openvas: 'OpenVAS Parser v2',
  nmap: 'Nmap Scan',
  sslyze: (head) => (head.trimStart().startsWith('<') ? 'Sslyze Scan' : 'SSLyze Scan (JSON)'),
  'ssh-audit': 'SSH Audit Importer',
  'aws-inspector2': 'AWS Inspector2 Scan',
  wiz: 'Wiz Scan',
};

/**
 * Scanners whose raw report carries the secret values found (scanrelay keeps only a redacted form and a
 * hash): their findings go to DefectDojo as a Generic Findings Import, never the raw report.
 */
export const RAW_REPORT_HOLDS_SECRETS: ReadonlySet<string> = new Set([
  'gitleaks',
  'trufflehog',
  'trufflehog3',
  'secretlint',
  // GitLab's raw_source_code_extract, Horusec's code line of a leak and dockle's ENV alerts quote the secret.
  'gitlab-secret-detection',
  'horusec',
  'dockle',
]);

/** The scan type for a raw report of `scanner` whose first bytes are `head`; undefined: send generic findings. */
export function defectDojoScanType(scanner: string, head: string): string | undefined {
  const entry = DEFECTDOJO_SCAN_TYPES[scanner];
  const name = typeof entry === 'function' ? entry(head) : entry;
  return name ?? undefined;
}
