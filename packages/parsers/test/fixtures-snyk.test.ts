import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('snyk');
  return collect(findings);
}

const byRule = (findings: Finding[], ruleId: string) => findings.find((f) => f.ruleId === ruleId);
const occurrences = (findings: Finding[]) => findings.reduce((n, f) => n + f.occurrences, 0);

describe.runIf(need('fixtures'))('Snyk fixtures (DefectDojo)', () => {
  const entries = expectedFor('snyk');

  it('has the snyk fixtures', () => {
    expect(entries.length).toBe(14);
  });

  /**
   * Snyk lists one entry per vulnerable dependency path; DefectDojo makes each a finding. We keep one
   * finding per issue (id + package version + target file) and count its paths in `occurrences`, so
   * these four differ (10/14 agree) while the occurrences still add up to DefectDojo's count.
   */
  const merged: Record<string, number> = {
    'snyk/all_containers_target_output.json': 17,
    'snyk/all_projects_issue4277.json': 50,
    'snyk/single_project_upgrade_libs.json': 52,
    'snyk/snykcontainer_issue_9270.json': 13,
  };

  /**
   * Snyk Container lists the vulnerabilities of the applications in the image (`--app-vulns`, on by
   * default) under `applications[]`; DefectDojo reads only the image's own, we read both: here 12
   * entries (12 findings) of /juice-shop/package.json in each report.
   */
  const applications: Record<string, { findings: number; entries: number }> = {
    'snyk/snykcontainer_issue_9270.json': { findings: 12, entries: 12 },
    'snyk/snykcontainer_issue_epss.json': { findings: 12, entries: 12 },
  };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    const apps = applications[file] ?? { findings: 0, entries: 0 };
    expect(findings).toHaveLength((merged[file] ?? e.expected_findings!) + apps.findings);
    expect(occurrences(findings)).toBe(e.expected_findings! + apps.entries);
  });

  it('snykcontainer_issue_9270.json: the application vulnerabilities, with their own target file', async () => {
    const findings = await parseFixture('snyk/snykcontainer_issue_9270.json');
    const app = findings.filter((f) => f.location?.kind === 'package' && f.location.ecosystem === 'npm');
    expect(app).toHaveLength(12);
    for (const f of app) expect(f.location).toMatchObject({ path: '/juice-shop/package.json' });
    expect(
      findings.filter((f) => f.location?.kind === 'package' && f.location.ecosystem === 'deb'),
    ).toHaveLength(13);
  });

  it('single_project_one_vuln.json: title, severity, id, CVE, CWE, CVSS, dependency path', async () => {
    const [f] = await parseFixture('snyk/single_project_one_vuln.json');
    expect(f).toMatchObject({
      name: 'XML External Entity (XXE) Injection',
      severity: 'medium',
      ruleId: 'SNYK-JAVA-ORGAPACHESANTUARIO-460281',
      cve: ['CVE-2019-12400'],
      cwe: ['CWE-611'],
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:L', score: 6.5 },
      location: {
        kind: 'package',
        name: 'org.apache.santuario:xmlsec',
        version: '2.1.1',
        fixedVersion: '2.1.4',
        path: 'pom.xml',
      },
      attributes: { dependencyPath: 'com.test:myframework > org.apache.santuario:xmlsec' },
    });
    expect(f?.mitigation).toContain(
      'Upgrade org.apache.santuario:xmlsec@2.1.1 to org.apache.santuario:xmlsec@2.1.4.',
    );
  });

  it('single_project_one_vuln_with_ampersands.json: dependency path', async () => {
    const [f] = await parseFixture('snyk/single_project_one_vuln_with_ampersands.json');
    expect(f?.attributes.dependencyPath).toBe('myproject > @angular/localize > @babel/core > lodash');
  });

  it('all_projects_issue4277.json: three asserted findings', async () => {
    const findings = await parseFixture('snyk/all_projects_issue4277.json');
    expect(byRule(findings, 'SNYK-DOTNET-MICROSOFTASPNETCORE-174184')).toMatchObject({
      severity: 'high',
      cve: ['CVE-2019-0815'],
      cwe: ['CWE-200'],
      location: { name: 'Microsoft.AspNetCore', version: '2.2.0' },
    });
    const lodash = byRule(findings, 'SNYK-JS-LODASH-1040724');
    expect(lodash).toMatchObject({
      severity: 'high',
      cve: ['CVE-2021-23337'],
      cwe: ['CWE-78'],
      location: { name: 'lodash', version: '4.17.11' },
    });
    expect(lodash?.occurrences).toBe(3);
    expect(byRule(findings, 'SNYK-JS-YARGSPARSER-560381')).toMatchObject({
      severity: 'medium',
      cve: ['CVE-2020-7608'],
      cwe: ['CWE-400'],
      location: { name: 'yargs-parser', version: '5.0.0' },
    });
  });

  it('single_project_None_cvss.json: severity from Snyk when cvssScore is null', async () => {
    const [f] = await parseFixture('snyk/single_project_None_cvss.json');
    expect(f?.severity).toBe('low');
    expect(f?.cvss).toBeUndefined();
  });

  it('all_containers_target_output.json: target file and multiple CWEs', async () => {
    const findings = await parseFixture('snyk/all_containers_target_output.json');
    expect(findings[0]).toMatchObject({
      severity: 'critical',
      location: { path: 'Mobile-Security-Framework-MobSF/requirements.txt' },
    });
    // Django 4.0.5 is fixed in 4.0.6 (Snyk also lists 3.2.14 for the 3.2 line).
    expect(findings[0]?.location).toMatchObject({ name: 'django', version: '4.0.5', fixedVersion: '4.0.6' });
    const cwes = findings.map((f) => f.cwe.join(','));
    expect(cwes).toContain('CWE-119,CWE-120');
    expect(cwes).toContain('CWE-400,CWE-1023');
  });

  it('single_project_upgrade_libs.json: the shell-quote issue (DefectDojo findings[227])', async () => {
    const findings = await parseFixture('snyk/single_project_upgrade_libs.json');
    const f = findings.find(
      (x) =>
        x.ruleId === 'SNYK-JS-SHELLQUOTE-1766506' &&
        x.location?.kind === 'package' &&
        x.location.version === '1.7.2',
    );
    expect(f).toMatchObject({
      severity: 'high',
      location: { path: 'package-lock.json' },
      attributes: { upgradeTo: 'react-scripts@5.0.0' },
    });
    expect(f?.mitigation).toContain('shell-quote@1.7.2');
    expect(f?.mitigation).toContain('Upgrade from react-scripts@3.4.4 to react-scripts@5.0.0');
  });

  it('snykcontainer_issue_epss.json: EPSS', async () => {
    const [f] = await parseFixture('snyk/snykcontainer_issue_epss.json');
    expect(f?.attributes.epss).toEqual({ probability: 0.00046, percentile: 0.14414 });
    expect(f?.location).toMatchObject({
      name: 'gcc-10',
      ecosystem: 'deb',
      path: 'sarim04/juiceshop:latest/juiceshop',
    });
  });

  it('snykcode_issue_9270.json: Snyk Code SARIF, with Snyk fingerprints as stable ids', async () => {
    const findings = await parseFixture('snyk/snykcode_issue_9270.json');
    expect(findings[0]).toMatchObject({
      tool: { id: 'snyk', name: 'Snyk Code' },
      ruleId: 'javascript/XSS',
      name: 'Cross-site Scripting (XSS)',
      severity: 'medium',
      category: 'SAST',
      cwe: ['CWE-79'],
      location: {
        kind: 'source',
        file: 'frontend/src/app/score-board/score-board.component.ts',
        startLine: 216,
      },
      attributes: { priorityScore: 504 },
    });
    // Two hardcoded passwords on one line share fingerprint "0" but are two findings.
    const passwords = findings.filter(
      (f) =>
        f.ruleId === 'javascript/NoHardcodedPasswords' &&
        f.location?.kind === 'source' &&
        f.location.startLine === 85,
    );
    expect(passwords).toHaveLength(2);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(39);
    expect(findings.map((f) => f.severity).filter((s) => s === 'high')).toHaveLength(12);
  });
});
