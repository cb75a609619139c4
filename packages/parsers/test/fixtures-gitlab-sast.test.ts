import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { gitlabSastParser } from '../src/scanners/gitlab-sast.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

const data = dataDir('gitlab-sast');

const parsePath = (path: string) => parseDetected('gitlab-sast', { path });
const parseFixture = (file: string) => parsePath(fixturePath(file));

describe.runIf(need('fixtures'))('gitlab-sast fixtures (DefectDojo)', () => {
  const entries = expectedFor('gitlab_sast');

  it('has the gitlab_sast fixtures', () => expect(entries.length).toBe(12));

  // 12/12 counts agree: like DefectDojo, entries with the same id (else the 2.x `cve` key) are one finding.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('gitlab-sast');
    const findings = await parseFixture(file);
    expect(findings).toHaveLength(e.expected_findings ?? -1);
  });

  it('1-vuln (v14, v15): Password in URL, critical, file and line', async () => {
    for (const file of [
      'gitlab_sast/gl-sast-report-1-vuln_v14.json',
      'gitlab_sast/gl-sast-report-1-vuln_v15.json',
    ]) {
      const [f] = await parseFixture(file);
      expect(f).toMatchObject({
        name: 'Password in URL',
        ruleId: 'Password in URL',
        severity: 'critical',
        location: { kind: 'source', file: 'docker-compose.override.unit_tests.yml', startLine: 19 },
      });
    }
  });

  it('many-vuln: 467 entries merge by their cve key into 219 findings with occurrences', async () => {
    const findings = await parseFixture('gitlab_sast/gl-sast-report-many-vuln_v14.json');
    expect(findings.slice(0, 3).map((f) => [f.name, f.severity])).toEqual([
      ['Password in URL', 'critical'],
      ['Password in URL', 'critical'],
      ['PKCS8 key', 'critical'],
    ]);
    expect(findings.reduce((n, f) => n + f.occurrences, 0)).toBe(467);
    const v15 = await parseFixture('gitlab_sast/gl-sast-report-many-vuln_v15.json');
    expect(v15.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
  });

  it('confidence: mapped from confidence (v14), absent in v15; njsscan rule from the identifier name', async () => {
    const v14 = await parseFixture('gitlab_sast/gl-sast-report-confidence_v14.json');
    expect(v14.map((f) => f.confidence)).toEqual([
      undefined,
      undefined,
      undefined,
      'low',
      'low',
      'medium',
      'high',
      'high',
    ]);
    expect(v14[0]).toMatchObject({
      ruleId: 'node_username',
      cwe: ['CWE-798'],
      attributes: { analyzer: 'NodeJsScan' },
    });
    const v15 = await parseFixture('gitlab_sast/gl-sast-report-confidence_v15.json');
    expect(v15.every((f) => f.confidence === undefined)).toBe(true);
  });

  it('cwe and multiple-cwe: CWE-79, CWE-89, none; two CWEs in order', async () => {
    const cwe = await parseFixture('gitlab_sast/gl-sast-report-cwe_v14.json');
    // DefectDojo finds no CWE in the third (njsscan writes `{type: cwe, name: "CWE-943", value: <rule>}`); we read the name.
    expect(cwe.map((f) => f.cwe)).toEqual([['CWE-79'], ['CWE-89'], ['CWE-943']]);
    expect(cwe[0]).toMatchObject({
      ruleId: 'XSS_REQUEST_PARAMETER_TO_SERVLET_WRITER',
      severity: 'high',
      confidence: 'medium',
      attributes: { object: 'servlets.module.lesson.XssLesson#doPost' },
    });
    const [multi] = await parseFixture('gitlab_sast/gl-sast-report-multiple-cwe-fabricated_v15.json');
    expect(multi?.cwe).toEqual(['CWE-79', 'CWE-89']);
  });

  it('issue4344: no severity is informational, flagged severityUnknown', async () => {
    const [f] = await parseFixture('gitlab_sast/gl-sast-report_issue4344_v14.json');
    expect(f).toMatchObject({
      name: 'Potential XSS vulnerability',
      ruleId: 'SCS0029',
      severity: 'info',
      stableId: '38646099571534a07b62ae42b37fb3640d620c48d561456fb3ecdf929b9e5933',
      attributes: { severityUnknown: true },
      location: { file: 'XXXXX.aspx.cs', startLine: 98 },
    });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['gitlab_sast'], ['gitlab-sast']))
      expect(gitlabSastParser.detect(head), file).toBe(0);
  });
});

describe('gitlab-sast own fixtures', () => {
  it('auto-detects every report in test/data/gitlab-sast', async () => {
    const files = readdirSync(new URL('./data/gitlab-sast/', import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('gitlab-sast');
  });

  it('schema 15.0.7 (semgrep analyzer, no category, scan last): rule, CWE, lines, info severity', async () => {
    const [a, b] = await parsePath(data('gl-sast-report-15.0.7-semgrep.json'));
    expect(a).toMatchObject({
      tool: { id: 'gitlab-sast', name: 'GitLab SAST' },
      ruleId: 'bandit.B608',
      severity: 'medium',
      category: 'SAST',
      cwe: ['CWE-89'],
      references: [
        'https://semgrep.dev/r/gitlab.bandit.B608',
        'https://cwe.mitre.org/data/definitions/89.html',
      ],
      stableId: 'a4f1e5b43c6dd2f3a4c8b0f5c2c06a3a1c5a0bb0a7f3a35a0b1f3e7d62c9e412',
    });
    expect(src(a)).toEqual({ kind: 'source', file: 'app/views.py', startLine: 42, endLine: 44 });
    expect(b).toMatchObject({ ruleId: 'bandit.B303-1', severity: 'info', cwe: ['CWE-327'] });
  });

  it('schema 2.0 (flawfinder, cve key, confidence, method, solution)', async () => {
    const [f] = await parsePath(data('gl-sast-report-2.0-flawfinder.json'));
    expect(f).toMatchObject({
      ruleId: 'strcpy',
      name: 'Buffer overflow',
      severity: 'high',
      confidence: 'high',
      cwe: ['CWE-120'],
      mitigation: 'Consider using snprintf, strcpy_s, or strlcpy (warning: strncpy easily misused)',
      stableId: 'src/copy.c:6a1b7d0b7c5e8f3e0b5fd4b8a39f8b1e7d4c8a7f:flawfinder.buffer.strcpy',
      attributes: { analyzer: 'Flawfinder', object: 'copy_name' },
      location: { file: 'src/copy.c', startLine: 12 },
    });
  });

  it('a vulnerability without identifiers is a ParseError at its path', async () => {
    const text = JSON.stringify({
      version: '15.0.0',
      vulnerabilities: [{ id: 'x', location: { file: 'a' } }],
    });
    const { findings } = await parseReport({ text }, { scannerType: 'gitlab-sast' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^gitlab-sast: at \$\.vulnerabilities\[0\]\.identifiers: expected/,
    );
  });

  it('a dependency scanning report given to the SAST parser is a ParseError', async () => {
    const text = JSON.stringify({
      version: '15.0.0',
      vulnerabilities: [],
      scan: { type: 'dependency_scanning', scanner: { id: 'g', name: 'g' } },
    });
    const { findings } = await parseReport({ text }, { scannerType: 'gitlab-sast' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect((e as ParseError).detail).toMatch(/\$\.scan\.type/);
  });
});
