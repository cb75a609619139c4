import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, isParseError, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('npm-audit');
  return collect(findings);
}

const byPackage = (findings: Finding[], name: string) =>
  findings.filter((f) => f.location?.kind === 'package' && f.location.name === name);

describe.runIf(need('fixtures'))('npm audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('npm_audit');

  it('has the npm audit fixtures', () => {
    expect(entries.length).toBe(11);
  });

  /** Why our count differs from DefectDojo's where it does (or where DefectDojo asserts none). */
  const expectedHere: Record<string, number | 'error'> = {
    // DefectDojo's v6 parser refuses npm 7 reports; we read them: one finding per advisory object in via[].
    'npm_audit/many_vuln_npm7.json': 8,
    // Not asserted by DefectDojo (JIRA group tests); one finding per advisory.
    'npm_audit/many_vuln_with_groups.json': 5,
    'npm_audit/many_vuln_with_groups_different_titles.json': 5,
    // The audit failed (ENOAUDIT): a ParseError, as DefectDojo raises.
    'npm_audit/empty_with_error.json': 'error',
  };

  // One finding per npm 6 advisory, as DefectDojo: 7/7 asserted counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const want = expectedHere[file] ?? e.expected_findings;
    if (want === 'error') {
      const err = await parseFixture(file).catch((x: unknown) => x);
      expect(isParseError(err)).toBe(true);
      expect(String((err as Error).message)).toMatch(/npm audit report contains errors: ENOAUDIT/);
      return;
    }
    expect(await parseFixture(file)).toHaveLength(want!);
  });

  it('one_vuln.json: growl 1.9.2, CWE-94, critical, CVE', async () => {
    const [f] = await parseFixture('npm_audit/one_vuln.json');
    expect(f).toMatchObject({
      severity: 'critical',
      cwe: ['CWE-94'],
      cve: ['CVE-2017-16042'],
      location: {
        kind: 'package',
        name: 'growl',
        version: '1.9.2',
        fixedVersion: '1.10.2',
        purl: 'pkg:npm/growl@1.9.2',
      },
      mitigation: 'Update to version 1.10.2 or later.',
    });
  });

  it('cwe_null.json: no CWE (DefectDojo substitutes CWE-1035; we do not invent one)', async () => {
    const [f] = await parseFixture('npm_audit/cwe_null.json');
    expect(f?.cwe).toEqual([]);
    expect(f?.location).toMatchObject({ name: 'growl', version: '1.9.2' });
  });

  it('many_vuln.json: dependency paths (git hashes censored) and CVEs', async () => {
    const findings = await parseFixture('npm_audit/many_vuln.json');
    const censored = findings.find((f) => f.attributes.dependencyPath === 'censored_by_npm_audit>send>mime');
    expect(censored?.cve).toEqual(['CVE-2017-16138']);
    const fresh = findings.find((f) => f.attributes.dependencyPath === 'express>fresh');
    expect(fresh?.cve).toEqual(['CVE-2017-16119']);
    expect(findings[4]?.location).toMatchObject({ name: 'mime', version: '1.3.4' });
  });

  it('multiple_cwes.json and multiple_cwes2.json: CWE lists', async () => {
    const many = await parseFixture('npm_audit/multiple_cwes.json');
    expect(many[0]?.cwe).toEqual(['CWE-400']);
    expect(many[12]?.cwe).toEqual(['CWE-359']);
    const [first] = await parseFixture('npm_audit/multiple_cwes2.json');
    expect(first).toMatchObject({
      ruleId: 'GHSA-93q8-gq69-wqmw',
      cwe: ['CWE-918', 'CWE-1333'],
      cve: ['CVE-2021-3807', 'GHSA-93q8-gq69-wqmw'],
      cvss: { score: 7.5 },
      location: { name: 'ansi-regex', version: '3.0.0' },
    });
    expect(first?.attributes.versions).toEqual(['3.0.0', '4.1.0']);
  });

  it('many_vuln_npm7.json: advisories only, range as version, fix from fixAvailable', async () => {
    const findings = await parseFixture('npm_audit/many_vuln_npm7.json');
    expect(findings.map((f) => f.location?.kind === 'package' && f.location.name).sort()).toEqual(
      ['acorn', 'highcharts', 'jquery', 'kind-of', 'lodash', 'minimist', 'node-sass', 'yargs-parser'].sort(),
    );
    const [yargs] = byPackage(findings, 'yargs-parser');
    expect(yargs).toMatchObject({
      ruleId: 'npm:1500',
      name: 'Prototype Pollution',
      severity: 'low',
      location: { version: '<=13.1.1 || 14.0.0 - 15.0.0 || 16.0.0 - 18.1.1', ecosystem: 'npm' },
      mitigation: 'Upgrade gulp-cli to 1.4.0 (a semver-major change: `npm audit fix --force`).',
    });
    expect(byPackage(findings, 'highcharts')[0]?.severity).toBe('high');
  });
});
