import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { detectScanner, ParseError } from '../src/index.js';
import { sonarqubeParser } from '../src/scanners/sonarqube.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, parseFindings } from './support/parse-report.js';

const data = dataDir('sonarqube');

const parsePath = (path: string) => parseDetected('sonarqube', { path });
const parseFixture = (file: string) => parsePath(fixturePath(file));
const parseText = (text: string) => parseFindings({ text }, { scannerType: 'sonarqube' });

describe.runIf(need('fixtures'))('sonarqube fixtures (DefectDojo)', () => {
  const entries = expectedFor('sonarqube');

  it('has the sonarqube fixtures', () => expect(entries.length).toBe(9));

  // 7/7 asserted counts agree. One finding per Sonar issue (its key is the stable id), which is
  // DefectDojo's "detailed" count; issue_10150 (aggregated mode there) has nothing to aggregate.
  // The two files without a count: 3 (multi_cwe_fabricated) and 6 (sonar.json = sonar-6-findings.json).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('sonarqube');
    const findings = await parseFixture(file);
    const fallback: Record<string, number> = {
      'sonarqube/findings_over_api_multi_cwe_fabricated.json': 3,
      'sonarqube/sonar.json': 6,
    };
    expect(findings).toHaveLength(e.expected_findings ?? fallback[file] ?? -1);
  });

  it('findings_over_api: dependency-check issues are package findings with CVE/GHSA, CWE, CVSS', async () => {
    const f = await parseFixture('sonarqube/findings_over_api.json');
    expect(f[0]).toMatchObject({
      ruleId: 'CVE-2024-2529',
      name: 'CVE-2024-2529 in package',
      severity: 'medium',
      category: 'Dependency',
      cve: ['CVE-2024-2529'],
      cwe: ['CWE-120'],
      cvss: { score: 6.4 },
      identifiedAt: '2023-10-16T15:05:35.000Z',
      stableId: 'fjioefjwoefijo',
      location: { kind: 'package', name: 'package', version: '1.1.2', path: 'testapplication' },
      attributes: { rule: 'OWASP:UsingComponentWithKnownVulnerability', type: 'VULNERABILITY' },
    });
    expect(f[1]).toMatchObject({
      ruleId: 'Web:TableWithoutCaptionCheck',
      severity: 'low',
      cwe: [],
      cvss: undefined,
      identifiedAt: '2023-07-25T13:16:32.000Z',
      location: {
        kind: 'source',
        file: 'src/app/pages/fjiowefjewio/fjwieof/fjiwoe/details.html',
        startLine: 59,
      },
    });
    expect(f[3]?.cve).toEqual(['GHSA-frr2-c345-p7c2']);
    // CRITICAL is Sonar's second level: high (DefectDojo's Web API reader says Critical).
    expect(f[4]).toMatchObject({ cve: ['CVE-2023-52428'], severity: 'high' });
    expect(f[4]?.location).toEqual({
      kind: 'package',
      name: 'nimbus-jose-jwt-9.24.4.jar',
      path: 'testapplication',
    });
    const [multi] = await parseFixture('sonarqube/findings_over_api_multi_cwe_fabricated.json');
    expect(multi?.cwe).toEqual(['CWE-120', 'CWE-79']);
  });

  it('findings_over_api_hotspots: severity from the vulnerability probability, rule key, line', async () => {
    const f = await parseFixture('sonarqube/findings_over_api_hotspots.json');
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['typescript:7777', 'high'],
      ['Web:1222', 'low'],
      ['Web:9876', 'low'],
      ['Web:12345', 'low'],
    ]);
    expect(f[0]).toMatchObject({
      identifiedAt: '2024-02-13T09:15:26.000Z',
      location: { file: 'src/app/component.asdf', startLine: 47 },
      attributes: { hotspot: true, securityCategory: 'xss', status: 'TO_REVIEW' },
    });
  });

  it('sonar-report JSON: name from the issue description, rule text, CWE from the rule links, key as id', async () => {
    const [f] = await parseFixture('sonarqube/sonar-single-finding.json');
    expect(f).toMatchObject({
      ruleId: 'python:S4502',
      name: 'Disabling CSRF protections is security-sensitive',
      severity: 'high',
      cwe: ['CWE-352'],
      stableId: 'AYvNd32RyD1npIoQXyT1',
      location: { kind: 'source', file: 'vulnerable-flask-app.py', startLine: 8 },
    });
    expect(f?.description).toMatch(
      /^Make sure disabling CSRF protection is safe here\.\n\nA cross-site request forgery/,
    );
    const six = await parseFixture('sonarqube/sonar-6-findings.json');
    expect(six.map((x) => x.severity)).toEqual(['high', 'low', 'low', 'low', 'low', 'low']);
    const mixed = await parseFixture('sonarqube/issue_10150.json');
    expect(mixed.map((x) => [x.ruleId, x.severity])).toEqual([
      ['python:S3752', 'high'],
      ['python:S4502', 'high'],
      ['docker:S6471', 'medium'],
    ]);
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['sonarqube'], ['sonarqube']))
      expect(sonarqubeParser.detect(head), file).toBe(0);
  });
});

describe('sonarqube own fixtures', () => {
  it('auto-detects every report in test/data/sonarqube', async () => {
    const files = readdirSync(new URL('./data/sonarqube/', import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('sonarqube');
  });

  it('SonarQube 10.4 issues: BLOCKER is critical, file without the project key, resolution kept', async () => {
    const [a, b] = await parsePath(data('issues-search-10.4.json'));
    expect(a).toMatchObject({
      tool: { id: 'sonarqube', name: 'SonarQube' },
      ruleId: 'javasecurity:S3649',
      severity: 'critical',
      category: 'SAST',
      identifiedAt: '2024-03-05T09:12:44.000Z',
      location: {
        kind: 'source',
        file: 'src/main/java/shop/OrderDao.java',
        startLine: 58,
        column: 29,
        endColumn: 61,
      },
      attributes: { issueStatus: 'OPEN', impacts: [{ softwareQuality: 'SECURITY', severity: 'HIGH' }] },
    });
    expect(b).toMatchObject({
      severity: 'medium',
      location: { file: 'src/main/java/shop/Config.java', startLine: 12, endLine: 13, column: 5 },
      attributes: { status: 'RESOLVED', resolution: 'FALSE-POSITIVE', issueStatus: 'FALSE_POSITIVE' },
    });
  });

  it('SonarQube 9.9 hotspots', async () => {
    const [h] = await parsePath(data('hotspots-search-9.9.json'));
    expect(h).toMatchObject({
      ruleId: 'Web:S5725',
      severity: 'medium',
      stableId: 'AYaB3dE5fG7hI9jK1lMn',
      location: { file: 'src/main/resources/templates/order.html', startLine: 14 },
    });
  });

  it('an issue without severity takes the highest of its impacts', async () => {
    const issue = { key: 'k', rule: 'java:S1', component: 'p:a.java', project: 'p', line: 3 };
    const impacts = [
      { softwareQuality: 'MAINTAINABILITY', severity: 'LOW' },
      { softwareQuality: 'SECURITY', severity: 'BLOCKER' },
    ];
    const [f] = await parseText(
      JSON.stringify({ paging: {}, issues: [{ ...issue, impacts }], components: [] }),
    );
    expect(f?.severity).toBe('critical');
  });

  it('a malformed issue is a ParseError at its path; another document is refused', async () => {
    const bad = JSON.stringify({
      paging: {},
      issues: [{ key: 'k', rule: 'r', component: 7 }],
      components: [],
    });
    const e = await parseText(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^sonarqube: at \$\.issues\[0\]\.component: expected a SonarQube issue/,
    );
    const other = await parseText('{"results": []}').catch((x: unknown) => x);
    expect((other as ParseError).detail).toMatch(/api\/issues\/search/);
  });
});
