import { readdirSync, readFileSync } from 'node:fs';
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
  acunetix: 'acunetix',
  aws_inspector2: 'aws-inspector2',
  bundler_audit: 'bundler-audit',
  burp: 'burp',
  cargo_audit: 'cargo-audit',
  checkov: 'checkov',
  cyclonedx: 'cyclonedx',
  dependency_track: 'dependency-track',
  dockle: 'dockle',
  github_vulnerability: 'github-vulnerability',
  gitlab_dep_scan: 'gitlab-dependency-scanning',
  gitlab_sast: 'gitlab-sast',
  hadolint: 'hadolint',
  horusec: 'horusec',
  jfrog_xray_unified: 'jfrog-xray',
  kics: 'kics',
  kubebench: 'kube-bench',
  mend: 'mend',
  nikto: 'nikto',
  nmap: 'nmap',
  openvas: 'openvas',
  pip_audit: 'pip-audit',
  prowler: 'prowler',
  semgrep_pro: 'semgrep',
  sonarqube: 'sonarqube',
  ssh_audit: 'ssh-audit',
  sslyze: 'sslyze',
  terrascan: 'terrascan',
  trivy_operator: 'trivy-operator',
  wiz: 'wiz',
  wpscan: 'wpscan',
  yarn_audit: 'yarn-audit',
};

/**
 * Files of folders above that we do not parse, whose content is nonetheless a format we do parse,
 * so auto-detection rightly claims them. Acunetix 360 is built on Netsparker (Invicti) and writes the
 * same JSON report: acunetix360_zero_finding.json is byte-identical to
 * netsparker/netsparker_zero_finding.json, so no detection could tell them apart. yarn_audit's
 * issue_6495 files are npm audit v6 JSON ({actions, advisories, muted, metadata}). The folder's own parser
 * (`--scanner-type acunetix`, `yarn-audit`, `semgrep`) reads them too.
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
  // `{"findings": []}`: byte for byte an empty `aws inspector2 list-findings` page.
  'semgrep_pro/no_vuln.json': 'aws-inspector2',
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

/**
 * The first 64 KiB (as detection sees it) of every DefectDojo fixture outside `folders`, and of every
 * file under test/data that is not in one of `ownDataDirs`: a parser's `detect` must answer 0 on all of them
 * (files whose bytes are that parser's format by design are left out with `except`).
 */
export function foreignHeads(
  folders: readonly string[],
  ownDataDirs: readonly string[],
  except: readonly string[] = [],
): { file: string; head: string }[] {
  const head = (p: string) => {
    const buf = readFileSync(p);
    return new TextDecoder().decode(buf.subarray(0, 64 * 1024));
  };
  const out: { file: string; head: string }[] = [];
  for (const e of loadExpected())
    if (!folders.includes(e.scanner) && !except.includes(e.file))
      out.push({ file: e.file, head: head(fixturePath(e.file)) });
  const dataRoot = path.join(path.dirname(new URL(import.meta.url).pathname), 'data');
  for (const entry of readdirSync(dataRoot, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(dataRoot, full);
    const top = rel.split(path.sep)[0] ?? '';
    if (ownDataDirs.includes(top) || except.includes(rel)) continue;
    if (top === 'small' && ownDataDirs.some((d) => entry.name.startsWith(`${d}.`))) continue;
    out.push({ file: `test/data/${rel}`, head: head(full) });
  }
  return out;
}
