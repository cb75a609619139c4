/**
 * Phoenix's scanner label for the translate path, by our parser id. Phoenix's labels follow
 * DefectDojo's scan type names; a scanner missing here needs the destination's `scanType`.
 */
export const PHOENIX_SCAN_TYPES: Readonly<Record<string, string>> = {
  trivy: 'Trivy Scan',
  grype: 'Anchore Grype',
  gitleaks: 'Gitleaks Scan',
  'npm-audit': 'NPM Audit Scan',
  nuclei: 'Nuclei Scan',
  'osv-scanner': 'OSV Scan',
  sarif: 'SARIF',
  semgrep: 'Semgrep JSON Report',
  snyk: 'Snyk Scan',
  trufflehog: 'Trufflehog Scan',
  trufflehog3: 'Trufflehog3 Scan',
  zap: 'ZAP Scan',
  invicti: 'Netsparker Scan',
};
