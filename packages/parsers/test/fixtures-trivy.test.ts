import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string, onWarning?: (w: string) => void): Promise<Finding[]> {
  const { findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'trivy', onWarning });
  return collect(findings);
}
const fingerprints = async (file: string) => (await parseFixture(file)).map((f) => f.fingerprint);
const shared = (a: string[], b: string[]) => b.filter((x) => a.includes(x)).length;
const pkg = (f: Finding | undefined) => (f?.location?.kind === 'package' ? f.location : undefined);
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);

/** The key assertions of EXPECTED.json, as values. */
const checks: Record<string, (f: Finding[], warnings: string[]) => void | Promise<void>> = {
  'trivy/legacy_many_vulns.json': ([f]) => {
    expect(f).toMatchObject({ severity: 'low', cve: ['CVE-2011-3374'], cwe: ['CWE-347'] });
    expect(pkg(f)).toMatchObject({ name: 'apt', version: '1.8.2.2', path: 'debian (debian 10.8)' });
  },
  'trivy/scheme_2_many_vulns.json': ([a, b]) => {
    expect(a).toMatchObject({
      name: 'CVE-2020-15999 freetype 2.9.1-r2',
      severity: 'medium',
      cwe: ['CWE-787'],
      mitigation: 'Upgrade freetype to 2.9.1-r3',
    });
    expect(pkg(a)).toEqual({
      kind: 'package',
      name: 'freetype',
      version: '2.9.1-r2',
      fixedVersion: '2.9.1-r3',
      ecosystem: 'alpine',
      path: 'app/libs/freetype-2.9.1-r2',
    });
    expect(a?.cvss).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H',
      score: 6.5,
    });
    expect(a?.category).toBe('SCA');
    expect(b).toMatchObject({
      name: 'CVE-2020-28196 krb5-libs 1.15.5-r0',
      severity: 'high',
      cwe: ['CWE-674'],
    });
    expect(pkg(b)?.fixedVersion).toBe('1.15.5-r1');
  },
  'trivy/misconfigurations_and_secrets.json': (f) => {
    expect(f[2]).toMatchObject({
      name: "DS002 - Image user should not be 'root'",
      severity: 'high',
      category: 'IaC',
    });
    expect(f[2]?.attributes).toMatchObject({ type: 'dockerfile', class: 'config' });
    expect(f[3]).toMatchObject({
      name: 'Secret detected in Dockerfile - GitHub Personal Access Token',
      severity: 'critical',
      cwe: ['CWE-798'],
    });
    expect(src(f[3])).toMatchObject({ file: 'Dockerfile', startLine: 24, snippet: 'ENV GITHUB_PAT=*****' });
    expect(f[3]?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  },
  'trivy/kubernetes.json': async (f) => {
    expect(f[0]).toMatchObject({
      name: 'CVE-2020-27350 apt 1.8.2.1',
      severity: 'medium',
      mitigation: 'Upgrade apt to 1.8.2.2',
    });
    expect(pkg(f[0])).toMatchObject({
      name: 'apt',
      version: '1.8.2.1',
      path: 'gcr.io/google_samples/gb-redis-follower:v2 (debian 10.4)',
    });
    expect(f[0]?.attributes).toMatchObject({
      resource: 'default/Deployment/redis-follower',
      type: 'debian',
      class: 'os-pkgs',
      clusterName: expect.stringContaining('monitoring-test-cluster'),
    });
    expect(f[5]).toMatchObject({
      ruleId: 'CVE-2020-27350',
      attributes: { resource: 'default/Deployment/redis-leader' },
    });
    expect(f[10]).toMatchObject({
      ruleId: 'KSV001',
      name: 'KSV001 - Process can elevate its own privileges',
      severity: 'medium',
    });
    expect(f[10]?.location?.kind).toBe('source');
    // DefectDojo: a single import has 0 duplicates; the fabricated subset shares 13 with it.
    expect(new Set(f.map((x) => x.fingerprint)).size).toBe(20);
    expect(
      shared(
        f.map((x) => x.fingerprint),
        await fingerprints('trivy/kubernetes_fabricated_subset.json'),
      ),
    ).toBe(13);
  },
  'trivy/license_scheme.json': ([f]) => {
    expect(f).toMatchObject({ severity: 'high', category: 'License', confidence: 'high', ruleId: 'GPL-2.0' });
    expect(f?.description).toBe('GPL-2.0\nCategory: restricted\nPackage: alpine-baselayout');
  },
  'trivy/issue_9092.json': ([f]) => {
    expect(f?.severity).toBe('high');
    expect(pkg(f)?.path).toBe('requirements.txt');
    expect(pkg(f)?.purl).toBe('pkg:pypi/certifi@2022.5.18.1');
  },
  'trivy/issue_9170.json': ([f]) =>
    expect(f).toMatchObject({
      severity: 'low',
      name: 'KSV116 - Runs with a root primary or supplementary GID',
    }),
  'trivy/issue_9263.json': ([f]) => expect(f?.severity).toBe('high'),
  'trivy/issue_9333.json': ([f]) => expect(f?.severity).toBe('low'),
  'trivy/all_statuses.json': (f) => {
    expect(f.map((x) => x.attributes.status)).toEqual([
      'unknown',
      'not_affected',
      'affected',
      'fixed',
      'under_investigation',
      'will_not_fix',
      'fix_deferred',
      'end_of_life',
    ]);
    expect(f[3]).toMatchObject({ name: 'CVE-2018-1000876 binutils 2.31.1-16', cwe: ['CWE-190', 'CWE-787'] });
    expect(f[4]?.cwe).toEqual(['CWE-476']);
    expect(f[2]?.cwe).toEqual([]);
  },
  'trivy/cvss_severity_source.json': ([a, b]) => {
    // SeveritySource ubuntu has no CVSS entry: NVD's is used; ghsa has one and wins over NVD's 9.8.
    expect(a).toMatchObject({
      severity: 'medium',
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', score: 6.5 },
    });
    expect(b).toMatchObject({
      severity: 'high',
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', score: 7.5 },
    });
  },
  'trivy/severity_prio.json': ([a, b]) => {
    expect([a?.severity, a?.cvss?.score]).toEqual(['low', 6.5]);
    expect([b?.severity, b?.cvss?.score]).toEqual(['critical', 7.5]);
  },
  'trivy/issue_14136.json': ([f]) => {
    expect(f).toMatchObject({
      severity: 'low',
      ruleId: 'AVD-AWS-0143',
      mitigation: 'Grant policies at the group level instead.',
    });
    expect(src(f)).toMatchObject({ file: '../../aws-credentials/main.tf', startLine: 20, endLine: 24 });
  },
  'trivy/cvssv4_severity_source.json': ([f]) => {
    expect(f?.severity).toBe('medium');
    expect(f?.cvss).toEqual({
      version: '4.0',
      vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N',
      score: 6.3,
    });
  },
  'trivy/kubernetes_fabricated_internal_duplicates.json': async (f) => {
    // 13 items; CVE-2020-27350, CVE-2011-3374, CVE-2019-18276 and KSV001 appear twice, identical:
    // 4 internal duplicates by our fingerprint (DefectDojo's hash fields count 3).
    expect(f).toHaveLength(13);
    expect(new Set(f.map((x) => x.fingerprint)).size).toBe(9);
    expect(
      shared(
        f.map((x) => x.fingerprint),
        await fingerprints('trivy/kubernetes_fabricated_internal_duplicates_subset.json'),
      ),
    ).toBe(5);
  },
  'trivy/legacy_trivy_mix.json': (f, warnings) => {
    expect(f).toHaveLength(6);
    expect(warnings).toEqual([
      '$[0].Vulnerabilities[0]: a vulnerability without VulnerabilityID or PkgName; skipped',
    ]);
    expect(f[0]).toMatchObject({
      name: 'CVE-2018-16487 lodash 4.17.4',
      severity: 'high',
      mitigation: 'Upgrade lodash to >=4.17.11',
    });
  },
};

describe.runIf(need('fixtures'))('trivy fixtures (DefectDojo)', () => {
  const entries = expectedFor('trivy');

  it('covers every file of the folder', () => {
    const files = readdirSync(path.dirname(fixturePath('trivy/x'))).map((f) => `trivy/${f}`);
    expect(entries.map((e) => e.file).sort()).toEqual(files.sort());
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const warnings: string[] = [];
    const findings = await parseFixture(file, (w) => warnings.push(w));
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
    for (const f of findings) expect(f.tool).toMatchObject({ id: 'trivy', name: 'Trivy' });
    await checks[file]?.(findings, warnings);
  });

  it('detects SchemaVersion 2, Kubernetes and legacy reports', async () => {
    for (const file of [
      'trivy/scheme_2_many_vulns.json',
      'trivy/kubernetes.json',
      'trivy/issue_9170.json',
      'trivy/legacy_many_vulns.json',
    ]) {
      expect((await parseReport({ path: fixturePath(file) })).scanner).toBe('trivy');
    }
  });
});
