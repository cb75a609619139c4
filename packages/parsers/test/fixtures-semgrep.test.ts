import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('semgrep');
  return collect(findings);
}

describe.runIf(need('fixtures'))('semgrep fixtures (DefectDojo)', () => {
  const entries = expectedFor('semgrep');

  it('has the semgrep fixtures', () => {
    expect(entries.length).toBe(16);
  });

  // Like DefectDojo we merge results with the same rule, file and line into one finding with
  // occurrences, so every asserted count agrees (11/11, including the supply-chain export's 22 → 18).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    for (const f of findings) expect(f.tool.id).toBe('semgrep');
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
  });

  it('one_finding.json and many_findings.json: severity, file, line, CWE, rule, fix as mitigation', async () => {
    const [one] = await parseFixture('semgrep/one_finding.json');
    const many = await parseFixture('semgrep/many_findings.json');
    for (const f of [one, many[0]]) {
      expect(f).toMatchObject({
        severity: 'medium',
        ruleId: 'java.lang.security.audit.cbc-padding-oracle.cbc-padding-oracle',
        cwe: ['CWE-696'],
        mitigation: 'javax crypto Cipher.getInstance("AES/GCM/NoPadding");',
        location: {
          kind: 'source',
          file: 'src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02194.java',
          startLine: 64,
        },
      });
    }
    // INFO → low
    expect(many[2]).toMatchObject({
      severity: 'low',
      cwe: ['CWE-696'],
      location: { file: 'src/main/java/org/owasp/benchmark/testcode/BenchmarkTest01150.java', startLine: 66 },
    });
  });

  it('repeated_findings.json: two identical results are one finding with 2 occurrences', async () => {
    const [f, ...rest] = await parseFixture('semgrep/repeated_findings.json');
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({ severity: 'medium', occurrences: 2, location: { startLine: 66 } });
    expect(f?.location?.kind === 'source' && f.location.file).toBe(
      'src/main/java/org/owasp/benchmark/testcode/BenchmarkTest01150.java',
    );
  });

  it('many_vulns.json: findings 0, 4 and 37', async () => {
    const findings = await parseFixture('semgrep/many_vulns.json');
    expect(findings[0]).toMatchObject({
      severity: 'high',
      ruleId: 'python.lang.correctness.tempfile.flush.tempfile-without-flush',
      location: { file: 'tasks.py', startLine: 186 },
    });
    expect(findings[0]?.mitigation).toBeUndefined();
    expect(findings[4]).toMatchObject({
      severity: 'medium',
      cwe: ['CWE-327'],
      location: { file: 'tools/sslyze/parser_xml.py', startLine: 124 },
    });
    expect(findings[37]).toMatchObject({
      severity: 'high',
      cwe: ['CWE-1236'],
      location: { file: 'management/commands/csv_findings_export.py', startLine: 33 },
    });
  });

  it('cwe_list.json and multiple_cwes_fabricated.json: CWE given as a list', async () => {
    const [list] = await parseFixture('semgrep/cwe_list.json');
    expect(list).toMatchObject({
      severity: 'low',
      cwe: ['CWE-352'],
      location: { file: 'index.js', startLine: 12 },
    });
    const [multi] = await parseFixture('semgrep/multiple_cwes_fabricated.json');
    expect(multi?.cwe).toEqual(['CWE-327', 'CWE-696']);
  });

  it('fingerprint_test.json: "requires login" is no stable id and no snippet', async () => {
    const [a, b] = await parseFixture('semgrep/fingerprint_test.json');
    expect([a?.stableId, b?.stableId]).toEqual([undefined, undefined]);
    expect(a?.location).toMatchObject({ file: 'sample/brute.py', startLine: 31 });
    expect(b?.location).toMatchObject({ file: 'sample/function.go', startLine: 37 });
    expect(a?.location?.kind === 'source' && a.location.snippet).toBeUndefined();
  });

  it('sca-deployments-vulns.json: supply-chain finding on the manifest line (the string "222")', async () => {
    const [f] = await parseFixture('semgrep/sca-deployments-vulns.json');
    expect(f).toMatchObject({
      severity: 'high',
      category: 'SCA',
      cwe: ['CWE-617'],
      cve: ['CVE-2023-1428', 'GHSA-6628-q6j9-w8vg'],
      location: { kind: 'source', file: 'requirements3.txt', startLine: 222 },
      attributes: { package: { name: 'grpcio', version: '1.47.0', fixedVersion: '1.53.0' } },
    });
  });

  it('close_old_findings_*: a moved line keeps the fingerprint, a new semgrep fingerprint changes it', async () => {
    const [line31] = await parseFixture('semgrep/close_old_findings_report_line31.json');
    const [line24] = await parseFixture('semgrep/close_old_findings_report_second_run_line24.json');
    const [other] = await parseFixture(
      'semgrep/close_old_findings_report_third_run_different_unique_id.json',
    );
    expect(line31?.location).toMatchObject({ startLine: 31 });
    expect(line24?.location).toMatchObject({ startLine: 24 });
    expect(line24?.fingerprint).toBe(line31?.fingerprint);
    expect(other?.fingerprint).not.toBe(line24?.fingerprint);
  });

  it('semgrep_version_1_30_0_line_26/27.json: same findings, same fingerprints', async () => {
    const a = await parseFixture('semgrep/semgrep_version_1_30_0_line_26.json');
    const b = await parseFixture('semgrep/semgrep_version_1_30_0_line_27.json');
    expect(a).toHaveLength(5);
    expect(b.map((f) => f.fingerprint)).toEqual(a.map((f) => f.fingerprint));
    expect(a[0]?.tool.version).toBe('1.30.0');
  });

  it('issue_8435.json keeps the "<![" snippet as written', async () => {
    const [f] = await parseFixture('semgrep/issue_8435.json');
    expect(f?.location?.kind === 'source' && f.location.snippet).toBe('<![A-Z]>');
    expect(f?.cwe).toEqual(['CWE-798']);
  });
});
