import { describe, expect, it } from 'vitest';
import { sampleFindings } from '../test/sample-findings.js';
import { createFinding } from './create-finding.js';
import { toSecureCodeBox } from './to-securecodebox.js';

const scan = {
  name: 'nightly-2024-05-01',
  namespace: 'security',
  scanType: 'trivy',
  createdAt: '2024-05-01T10:00:00Z',
};

describe('toSecureCodeBox', () => {
  const [trivy, semgrep, zap, nuclei, gitleaks, npm] = toSecureCodeBox(sampleFindings(), {
    ...scan,
    parsedAt: '2024-05-01T10:05:00.000Z',
  });

  it('maps critical to HIGH and keeps the original severity and our data in attributes', () => {
    expect(trivy?.severity).toBe('HIGH');
    expect(trivy?.attributes?.original_severity).toBe('critical');
    expect(trivy?.attributes?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(trivy?.attributes?.cwe).toEqual(['CWE-502', 'CWE-917']);
    expect(trivy?.attributes?.tool).toEqual({ id: 'trivy', name: 'Trivy', version: '0.50.1' });
    expect(npm?.severity).toBe('INFORMATIONAL');
    expect(nuclei?.severity).toBe('LOW');
  });

  it('writes the scan block and the parse time on every finding', () => {
    expect(trivy?.scan).toEqual({
      created_at: '2024-05-01T10:00:00Z',
      name: 'nightly-2024-05-01',
      namespace: 'security',
      scan_type: 'trivy',
    });
    expect(semgrep?.parsed_at).toBe('2024-05-01T10:05:00.000Z');
  });

  it('writes references as {type, value}: CVE, CWE and URL', () => {
    expect(trivy?.references).toEqual([
      { type: 'CVE', value: 'CVE-2021-44228' },
      { type: 'CWE', value: 'CWE-502' },
      { type: 'CWE', value: 'CWE-917' },
      { type: 'URL', value: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
    ]);
    expect(npm?.references).toEqual([{ type: 'GHSA', value: 'GHSA-p6mc-m468-83gw' }]);
  });

  it("follows secureCodeBox's trivy parser: image as location, category from the lock file, mitigation text", () => {
    expect(trivy?.location).toBe('registry.example/app:1.2.3');
    expect(trivy?.category).toBe('Java Package Vulnerability');
    expect(trivy?.name).toBe('log4j-core: Remote code injection in Log4j');
    expect(trivy?.mitigation).toBe(
      'Update the affected package org.apache.logging.log4j:log4j-core to the fixed version: 2.15.0 or remove the package from the image.',
    );
    expect(trivy?.attributes).toMatchObject({
      packageName: 'org.apache.logging.log4j:log4j-core',
      installedVersion: '2.14.1',
      fixedVersion: '2.15.0',
      vulnerabilityId: 'CVE-2021-44228',
    });
  });

  it("follows secureCodeBox's semgrep parser: rule id as name, path:start-end as location", () => {
    expect(semgrep?.name).toBe('javascript.express.security.audit.xss.direct-response-write');
    expect(semgrep?.location).toBe('src/routes/search.js:42-44');
    expect(semgrep?.category).toBe('security');
  });

  it("follows secureCodeBox's zap, nuclei and gitleaks parsers", () => {
    expect(zap?.category).toBe('Missing Anti-clickjacking Header');
    expect(zap?.location).toBe('https://shop.example.com');
    expect(zap?.attributes?.zap_pluginid).toBe('10020');
    expect(zap?.attributes?.zap_cweid).toBe('1021');
    expect(nuclei?.category).toBe('ssh-weak-algo');
    expect(nuclei?.location).toBe('tcp://10.0.0.5:22');
    expect(gitleaks?.category).toBe('Potential Secret');
    expect(gitleaks?.location).toBe('config/.env:3');
    expect(JSON.stringify(gitleaks)).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  it('writes a package without purl as name@version', () => {
    expect(npm?.location).toBe('lodash@4.17.15');
  });

  it('names an untitled trivy package finding and categorises Kubernetes misconfigurations', () => {
    const base = { tool: { id: 'trivy', name: 'Trivy' }, severity: 'medium' as const, category: 'IaC' };
    const [untitled, k8s, npm] = toSecureCodeBox(
      [
        createFinding({
          ...base,
          ruleId: 'CVE-1',
          name: 'CVE-1 zlib 1.2',
          location: { kind: 'package', name: 'zlib', version: '1.2' },
        }),
        createFinding({
          ...base,
          ruleId: 'KSV001',
          name: 'KSV001 - Process can elevate',
          attributes: { resource: 'default/Deployment/redis' },
        }),
        createFinding({
          ...base,
          ruleId: 'CVE-2',
          name: 'CVE-2 lodash',
          location: { kind: 'package', name: 'lodash', version: '4.0.0', path: 'web/package-lock.json' },
        }),
      ],
      scan,
    );
    expect(untitled?.name).toBe('Vulnerability in Dependency zlib (1.2)');
    expect(untitled?.attributes?.original_name).toBe('CVE-1 zlib 1.2');
    expect(k8s?.category).toBe('Kubernetes Misconfiguration');
    expect(npm?.category).toBe('NPM Package Vulnerability');
  });
});
