/**
 * Scan type names the fake DefectDojo accepts: a subset of the `get_scan_types()` names of
 * DefectDojo's parsers (dojo/tools/<tool>/parser.py), spelled exactly as DefectDojo spells them.
 */
export const DEFECTDOJO_SCAN_TYPES = [
  'Anchore Grype',
  'Bandit Scan',
  'ESLint Scan',
  'Generic Findings Import',
  'Gitleaks Scan',
  'Netsparker Scan',
  'Invicti Scan',
  'njsscan Scan',
  'NPM Audit Scan',
  'NPM Audit v7+ Scan',
  'Nuclei Scan',
  'OSV Scan',
  'Retire.js Scan',
  'SARIF',
  'Secretlint Scan',
  'Semgrep JSON Report',
  'ShellCheck Scan',
  'Snyk Scan',
  'Snyk Code Scan',
  'Trivy Scan',
  'Trufflehog Scan',
  'Trufflehog3 Scan',
  'ZAP Scan',
] as const;
