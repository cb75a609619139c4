import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'sarif' });
  return collect(findings);
}
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);
const at = (all: Finding[], rule: string, file: string, line: number) =>
  all.find((f) => f.ruleId === rule && src(f)?.file === file && src(f)?.startLine === line);
const distinct = (all: Finding[]) => new Set(all.map((f) => f.fingerprint)).size;

/**
 * Where our count or value differs from DefectDojo's, the line says why. Our level mapping is
 * error→high, warning→medium, note→low, none→info: DefectDojo reads `note` as Info, we as Low.
 * Suppressed results are kept (as DefectDojo does) with `attributes.suppressed: true`.
 */
const checks: Record<string, (f: Finding[]) => void | Promise<void>> = {
  'sarif/appendix_k.sarif': ([f]) => {
    expect(f).toMatchObject({
      severity: 'high',
      identifiedAt: '2016-07-16T14:19:01.000Z',
      mitigation: 'Initialize the variable to null',
    });
    expect(src(f)).toMatchObject({ file: 'collections/list.h', startLine: 15 });
    expect(f?.attributes).toMatchObject({ suppressed: true, firstDetected: '2016-07-15T14:20:42.000Z' });
  },
  'sarif/appendix_k2.sarif': ([f]) => {
    expect(f?.name).toBe('Variable "count" was used without being initialized.');
    expect(src(f)).toMatchObject({ file: 'src/collections/list.cpp', startLine: 15 });
  },
  'sarif/appendix_k3.sarif': ([f]) => {
    expect(f?.name).toBe('The insecure method "Crypto.Sha1.Encrypt" should not be used.');
    // Only a logical location: its fully qualified name stands for the file.
    expect(src(f)?.file).toBe('Example.Worker.DoWork');
  },
  'sarif/appendix_k4.sarif': ([f]) => {
    expect(f).toMatchObject({ ruleId: 'C2001', mitigation: 'Initialize the variable to null' });
    expect(src(f)?.file).toBe('collections/list.h');
    expect(f?.attributes.suppressions).toEqual([{ kind: 'external', status: 'accepted' }]);
  },
  'sarif/SuppressionTestCurrent.sarif': (f) => {
    expect(f[0]?.name).toBe('New suppressed result.');
    expect(f.map((x) => x.attributes.suppressed ?? false)).toEqual([true, true, true, false]);
  },
  'sarif/suppression_test.sarif': (f) => {
    // DefectDojo: results titled "Suppressed" are false positives; we keep all five and flag them.
    expect(f.map((x) => [x.name, x.attributes.suppressed ?? false])).toEqual([
      ['Suppressed', true],
      ['Suppressed', true],
      ['Suppressed', true],
      ['Not suppressed', false],
      ['Not suppressed', false],
    ]);
  },
  'sarif/semgrepowasp-benchmark-sample.sarif': ([f]) => {
    expect(src(f)?.file).toBe('src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02660.java');
  },
  'sarif/dependency_check.sarif': (f) => {
    expect(src(f[0])?.file).toBe(
      'file:////src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/handlebars-1.0.0.js',
    );
    expect(f[6]).toMatchObject({ severity: 'high', cve: ['CVE-2019-11358'], category: 'SCA' });
  },
  'sarif/bash-report.sarif': async (f) => {
    expect(f[0]).toMatchObject({ cve: [], identifiedAt: '2021-03-08T15:39:40.000Z' });
    expect(src(f[0])?.file).toBe('file:///home/damien/dd/docker/setEnv.sh');
    // DefectDojo: Info (note); ours: low.
    expect(f[6]).toMatchObject({
      severity: 'low',
      stableId: 'scanFileHash:5b05533780915bfc|scanPrimaryLocationHash:4d655189c485c086',
    });
    // DefectDojo counts 18 duplicates in one import (by partialFingerprints alone); our fingerprint
    // also holds rule and file, so 15 of the 27 are repeats (12 distinct).
    expect(distinct(f)).toBe(12);
    const fabricated = await parseFixture('sarif/bash-report-fabricated-no-internal-dupes.sarif');
    const subset = await parseFixture('sarif/bash-report-fabricated-no-internal-dupes-subset.sarif');
    expect(distinct(fabricated)).toBe(5);
    expect(subset.filter((s) => fabricated.some((x) => x.fingerprint === s.fingerprint))).toHaveLength(4);
  },
  'sarif/taint-python-report.sarif': (f) => {
    expect(f[0]?.attributes.tags).toEqual(['Scan']);
    expect(src(f[2])?.startLine).toBe(169);
    expect(f[6]?.severity).toBe('high');
  },
  'sarif/njsscan.sarif': ([a, b]) => {
    expect(a).toMatchObject({ cwe: ['CWE-327'], identifiedAt: '2021-03-23T00:10:48.000Z' });
    expect(src(a)?.file).toBe('file:///src/index.js');
    expect(b?.cwe).toEqual(['CWE-798']);
    expect(src(b)?.startLine).toBe(235);
  },
  'sarif/dockle_0_3_15.sarif': (f) => {
    // DefectDojo: High, Info, Info, Info (note as Info); ours: note as low.
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['CIS-DI-0010', 'high'],
      ['CIS-DI-0005', 'low'],
      ['CIS-DI-0006', 'low'],
      ['CIS-DI-0008', 'low'],
    ]);
  },
  'sarif/gitleaks_7.5.0.sarif': (f) => {
    expect(f[0]).toMatchObject({
      name: 'AWS Access Key secret detected',
      severity: 'medium',
      category: 'Secrets',
      cwe: ['CWE-798'],
    });
    // DefectDojo lists line 44 second; we keep the file's order (13, 13, 13, 44, …).
    expect(f.map((x) => src(x)?.startLine)).toEqual([13, 13, 13, 44, 37, 13, 44, 37]);
    expect(src(f.at(-1))).toMatchObject({
      file: 'dojo/unittests/tools/test_gitlab_secret_detection_report_parser.py',
      startLine: 37,
    });
    // The offender is hashed and masked everywhere (snippet included), never kept.
    const offender = 'AKIAIOSFODNN7EXAMPLE';
    expect(readFileSync(fixturePath('sarif/gitleaks_7.5.0.sarif'), 'utf8')).toContain(offender);
    expect(JSON.stringify(f)).not.toContain(offender);
    expect(f[0]?.secret?.redacted).toBe('AKIA********LE');
  },
  'sarif/flawfinder.sarif': (f) => {
    // 54 results: the one with kind "pass" (a passed check, no location) is not a finding.
    expect(at(f, 'FF1048', 'src/tree/param.cc', 29)).toMatchObject({ severity: 'high', cwe: ['CWE-327'] });
    // DefectDojo: Info (note); ours: low.
    expect(at(f, 'FF1004', 'src/common/io.cc', 31)).toMatchObject({ severity: 'low', cwe: ['CWE-120'] });
    // DefectDojo keeps the last CWE (20) as the primary one; we keep both, in the rule's order.
    expect(at(f, 'FF1021', 'src/cli_main.cc', 482)).toMatchObject({
      severity: 'high',
      cwe: ['CWE-120', 'CWE-20'],
    });
  },
  'sarif/codeQL-output.sarif': (f) => {
    expect(f[7]).toMatchObject({
      ruleId: 'py/call/wrong-named-argument',
      severity: 'high',
      tool: { name: 'CodeQL', version: '2.5.4' },
    });
    expect(src(f[7])).toMatchObject({ file: 'good/mod_user.py', startLine: 33 });
  },
  'sarif/cxf-3.4.6.sarif': (f) => {
    expect(f[0]).toMatchObject({ severity: 'low', cvss: { score: 2.1 }, cve: ['CVE-2008-0732'] });
    expect(f[6]).toMatchObject({ severity: 'high', cvss: { score: 7.8 } });
  },
  'sarif/blackduck_nested_fingerprints.sarif': (f) => {
    expect([f[0]?.severity, f[0]?.stableId]).toEqual(['medium', 'a'.repeat(64)]);
    expect([f[1]?.severity, f[1]?.stableId]).toEqual(['high', 'b'.repeat(64)]);
    // DefectDojo: Info (note); ours: low.
    expect([f[3]?.severity, f[3]?.stableId]).toEqual(['low', 'd'.repeat(64)]);
    expect(f[0]?.cve).toEqual(['CVE-2020-11022']);
  },
  'sarif/mobsfscan.json': (f) => {
    // 9 results with 18 locations: one finding per location, as DefectDojo.
    expect(new Set(f.map((x) => `${x.ruleId}|${src(x)?.file}|${src(x)?.startLine}`)).size).toBe(18);
  },
  'sarif/appendix_k1_double.sarif': (f) => expect(f).toEqual([]),
  'flawfinder/flawfinder_one_vuln.sarif': ([f]) => {
    expect(f).toMatchObject({ ruleId: 'FF1044', severity: 'high', cwe: ['CWE-78'] });
    expect(f?.name).toContain('shell/system');
    expect(src(f)).toMatchObject({ file: 'single.c', startLine: 3 });
  },
  'flawfinder/flawfinder_many_vuln.sarif': (f) => {
    // DefectDojo keeps one CWE (FF1013: 120, FF1014: the last, 20); we keep them all.
    expect(f.map((x) => [x.ruleId, x.severity, x.cwe, src(x)?.file, src(x)?.startLine])).toEqual([
      ['FF1013', 'low', ['CWE-119', 'CWE-120'], 'vulnerable.c', 4],
      ['FF1001', 'high', ['CWE-120'], 'vulnerable.c', 5],
      ['FF1016', 'high', ['CWE-134'], 'vulnerable.c', 6],
      ['FF1014', 'high', ['CWE-120', 'CWE-20'], 'vulnerable.c', 7],
    ]);
  },
};

describe.runIf(need('fixtures'))('SARIF fixtures (DefectDojo sarif and flawfinder)', () => {
  const entries = [...expectedFor('sarif'), ...expectedFor('flawfinder')];

  it('covers every file of both folders', () => {
    const files = ['sarif', 'flawfinder'].flatMap((d) =>
      readdirSync(path.dirname(fixturePath(`${d}/x`))).map((f) => `${d}/${f}`),
    );
    expect(entries.map((e) => e.file).sort()).toEqual(files.sort());
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
    for (const f of findings) expect(f.tool.id).toBe('sarif');
    await checks[file]?.(findings);
  });

  it('detects every one of them as SARIF', async () => {
    for (const e of entries)
      expect((await parseReport({ path: fixturePath(e.file) })).scanner, e.file).toBe('sarif');
  });
});
