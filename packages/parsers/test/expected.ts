import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, hasFixtures } from '@scanrelay/test-utils';

/** One row of ../shared/fixtures/defectdojo/EXPECTED.json. */
export interface ExpectedEntry {
  scanner: string;
  scan_type: string;
  file: string;
  expected_findings: number | null;
  notes: string;
  key_assertions: string[];
}

/** DefectDojo's scanner folder names mapped to our parser ids (undefined: a format we do not parse). */
export const DOJO_TO_SCANNER: Record<string, string | undefined> = {
  trivy: 'trivy',
  sarif: 'sarif',
  flawfinder: 'sarif',
  zap: 'zap',
  semgrep: 'semgrep',
  snyk: 'snyk',
  npm_audit: 'npm-audit',
  netsparker: 'invicti',
  invicti: 'invicti',
  trufflehog3: 'trufflehog3',
  trufflehog: 'trufflehog',
  osv_scanner: 'osv-scanner',
  njsscan: 'njsscan',
  eslint: 'eslint',
  secretlint: 'secretlint',
  retirejs: 'retirejs',
  acunetix: undefined,
  aws_inspector2: undefined,
  bundler_audit: undefined,
  burp: undefined,
  cargo_audit: undefined,
  checkov: undefined,
  cyclonedx: undefined,
  dependency_track: undefined,
  dockle: undefined,
  github_vulnerability: undefined,
  gitlab_dep_scan: undefined,
  gitlab_sast: undefined,
  hadolint: undefined,
  horusec: undefined,
  jfrog_xray_unified: undefined,
  kics: undefined,
  kubebench: undefined,
  mend: undefined,
  nikto: undefined,
  nmap: undefined,
  openvas: undefined,
  pip_audit: undefined,
  prowler: undefined,
  semgrep_pro: undefined,
  sonarqube: undefined,
  ssh_audit: undefined,
  sslyze: undefined,
  terrascan: undefined,
  trivy_operator: undefined,
  wiz: undefined,
  wpscan: undefined,
  yarn_audit: undefined,
};

/**
 * Files of folders above that we do not parse, whose content is nonetheless a format we do parse,
 * so auto-detection rightly claims them. Acunetix 360 is built on Netsparker (Invicti) and writes the
 * same JSON report: acunetix360_zero_finding.json is byte-identical to
 * netsparker/netsparker_zero_finding.json, so no detection could tell them apart. yarn_audit's
 * issue_6495 files are npm audit v6 JSON ({actions, advisories, muted, metadata}).
 */
export const SAME_FORMAT_AS: Record<string, string> = {
  'acunetix/acunetix360_many_findings.json': 'invicti',
  'acunetix/acunetix360_many_findings_large_constructed.json': 'invicti',
  'acunetix/acunetix360_multiple_cwe.json': 'invicti',
  'acunetix/acunetix360_one_finding.json': 'invicti',
  'acunetix/acunetix360_one_finding_accepted_risk.json': 'invicti',
  'acunetix/acunetix360_one_finding_false_positive.json': 'invicti',
  'acunetix/acunetix360_zero_finding.json': 'invicti',
  'acunetix/issue_10370.json': 'invicti',
  'acunetix/issue_10435.json': 'invicti',
  'acunetix/issue_11206.json': 'invicti',
  'yarn_audit/issue_6495.json': 'npm-audit',
  'yarn_audit/issue_6495_multi_cwe_fabricated.json': 'npm-audit',
};

export function loadExpected(): ExpectedEntry[] {
  if (!hasFixtures) return [];
  return JSON.parse(
    readFileSync(path.join(fixturesDir, 'defectdojo', 'EXPECTED.json'), 'utf8'),
  ) as ExpectedEntry[];
}

/** The entries of one DefectDojo scanner folder, e.g. `expectedFor('trivy')`. */
export function expectedFor(dojoScanner: string): ExpectedEntry[] {
  return loadExpected().filter((e) => e.scanner === dojoScanner);
}

export function fixturePath(file: string): string {
  return path.join(fixturesDir, 'defectdojo', file);
}
