import { describe, expect, expectTypeOf, it } from 'vitest';
import { getParser, isScannerId, listParsers } from './registry.js';
import { SCANNER_IDS, type ScannerId } from './scanner-ids.js';

describe('SCANNER_IDS', () => {
  it('is the id of every parser, in detection order, each once', () => {
    expect(SCANNER_IDS).toEqual(listParsers().map((p) => p.id));
    expect(new Set(SCANNER_IDS).size).toBe(SCANNER_IDS.length);
    expect(SCANNER_IDS).toHaveLength(58);
    expect([...SCANNER_IDS].sort()).toEqual(
      [
        'trivy',
        'grype',
        'semgrep',
        'njsscan',
        'trufflehog',
        'trufflehog3',
        'gitleaks',
        'sarif',
        'invicti',
        'zap',
        'nuclei',
        'npm-audit',
        'snyk',
        'osv-scanner',
        'securecodebox',
        'bandit',
        'shellcheck',
        'cppcheck',
        'flawfinder',
        'eslint',
        'secretlint',
        'retirejs',
        'checkov',
        'kics',
        'tfsec',
        'terrascan',
        'hadolint',
        'kube-bench',
        'prowler',
        'trivy-operator',
        'dockle',
        'cyclonedx',
        'dependency-track',
        'dependency-check',
        'jfrog-xray',
        'mend',
        'cargo-audit',
        'bundler-audit',
        'yarn-audit',
        'pip-audit',
        'govulncheck',
        'sonarqube',
        'gitlab-sast',
        'gitlab-dependency-scanning',
        'gitlab-secret-detection',
        'github-vulnerability',
        'horusec',
        'brakeman',
        'burp',
        'acunetix',
        'nikto',
        'wpscan',
        'openvas',
        'nmap',
        'sslyze',
        'ssh-audit',
        'aws-inspector2',
        'wiz',
      ].sort(),
    );
    for (const id of SCANNER_IDS) expect(getParser(id)?.id).toBe(id);
  });

  it('types ScannerId as the union of the literal ids', () => {
    expectTypeOf<ScannerId>().toEqualTypeOf<
      | 'trivy'
      | 'grype'
      | 'semgrep'
      | 'njsscan'
      | 'trufflehog'
      | 'trufflehog3'
      | 'gitleaks'
      | 'sarif'
      | 'invicti'
      | 'zap'
      | 'nuclei'
      | 'npm-audit'
      | 'snyk'
      | 'osv-scanner'
      | 'securecodebox'
      | 'bandit'
      | 'shellcheck'
      | 'cppcheck'
      | 'flawfinder'
      | 'eslint'
      | 'secretlint'
      | 'retirejs'
      | 'checkov'
      | 'kics'
      | 'tfsec'
      | 'terrascan'
      | 'hadolint'
      | 'kube-bench'
      | 'prowler'
      | 'trivy-operator'
      | 'dockle'
      | 'cyclonedx'
      | 'dependency-track'
      | 'dependency-check'
      | 'jfrog-xray'
      | 'mend'
      | 'cargo-audit'
      | 'bundler-audit'
      | 'yarn-audit'
      | 'pip-audit'
      | 'govulncheck'
      | 'sonarqube'
      | 'gitlab-sast'
      | 'gitlab-dependency-scanning'
      | 'gitlab-secret-detection'
      | 'github-vulnerability'
      | 'horusec'
      | 'brakeman'
      | 'burp'
      | 'acunetix'
      | 'nikto'
      | 'wpscan'
      | 'openvas'
      | 'nmap'
      | 'sslyze'
      | 'ssh-audit'
      | 'aws-inspector2'
      | 'wiz'
    >();
    expectTypeOf(SCANNER_IDS[0]).toEqualTypeOf<'trivy'>();
    expect(isScannerId('zap')).toBe(true);
    expect(isScannerId('auto')).toBe(false);
  });
});
