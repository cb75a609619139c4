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
  semgrep: 'Semgrep JSON Report',
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
]);

/** The scan type for a raw report of `scanner` whose first bytes are `head`; undefined: send generic findings. */
export function defectDojoScanType(scanner: string, head: string): string | undefined {
  const entry = DEFECTDOJO_SCAN_TYPES[scanner];
  const name = typeof entry === 'function' ? entry(head) : entry;
  return name ?? undefined;
}
