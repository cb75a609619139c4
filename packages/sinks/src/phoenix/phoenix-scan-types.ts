import { defectDojoScanType } from '../defectdojo/defectdojo-scan-type.js';
import { readReportHead } from '../http/read-report-head.js';
import type { SinkContext } from '../sink.js';

/**
 * Phoenix's scanner label for the translate path, by our parser id: the labels of Phoenix's own list.
 * Phoenix's labels follow DefectDojo's scan type names, so a scanner missing here gets DefectDojo's
 * name for its report (`phoenixScanType`); one DefectDojo has no parser for needs the destination's
 * `scanType`.
 */
const PHOENIX_SCAN_TYPES: Readonly<Record<string, string>> = {
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

/** The label for a translate import of this report: Phoenix's own list, else DefectDojo's name for it. */
export async function phoenixScanType(
  context: Pick<SinkContext, 'scanner' | 'reportPath'>,
  destination: string,
): Promise<string | undefined> {
  const listed = PHOENIX_SCAN_TYPES[context.scanner];
  if (listed || !context.reportPath) return listed;
  return defectDojoScanType(context.scanner, await readReportHead(context.reportPath, destination));
}
