import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { kubeBenchParser } from '../src/scanners/kube-bench.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

// Own report: the single control object an older kube-bench (0.3, one target) printed with --json:
// a PASS, a FAIL, a manual WARN and a WARN whose audit could not run.
const ID = 'kube-bench';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });

describe.runIf(need('fixtures'))('kube-bench fixtures (DefectDojo)', () => {
  const entries = expectedFor('kubebench');

  it('has the kubebench fixtures', () => expect(entries.length).toBe(4));

  // 3/3 asserted counts agree; kube-bench-controls.json (no total asserted) gives DefectDojo's
  // 36 Medium (FAIL) + 20 Info (WARN that is not a manual test) = 56.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings ?? 56);
  });

  it('kube-bench-controls.json ({Controls, Totals}): 36 medium, 20 info; first finding as DefectDojo', async () => {
    const f = await parsePath(fixturePath('kubebench/kube-bench-controls.json'));
    expect(f.filter((x) => x.severity === 'medium')).toHaveLength(36);
    expect(f.filter((x) => x.severity === 'info')).toHaveLength(20);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'kube-bench' },
      ruleId: '1.1.1',
      name: '1.1.1 - Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Automated)',
      severity: 'medium',
      category: 'Container',
      mitigation:
        'Run the below command (based on the file location on your system) on the\nmaster node.\nFor example, chmod 644 /etc/kubernetes/manifests/kube-apiserver.yaml',
      attributes: { status: 'FAIL', nodeType: 'master', benchmark: '1.6', section: '1.1', scored: true },
    });
    expect(f[0]?.description?.split('\n').slice(0, 3)).toEqual([
      '1 Master Node Security Configuration',
      '1.1 Master Node Configuration Files',
      '1.1.1 Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Automated)',
    ]);
    expect(f[0]?.description).toContain("Expected result: 'permissions' is present");
  });

  it('kube-bench-report-many-vuln.json (a top-level array of controls): the four FAIL checks', async () => {
    const f = await parsePath(fixturePath('kubebench/kube-bench-report-many-vuln.json'));
    expect(f.map((x) => [x.ruleId, x.severity, x.attributes.nodeType])).toEqual([
      ['3.1.1', 'medium', 'node'],
      ['4.1.2', 'medium', 'node'],
      ['4.1.5', 'medium', 'node'],
      ['4.2.11', 'medium', 'node'],
    ]);
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['kubebench'], [ID]))
      expect(kubeBenchParser.detect(head), file).toBe(0);
  });
});

describe('kube-bench own fixtures', () => {
  it('auto-detects every report in test/data/kube-bench', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('one control object (older --json): FAIL medium, a WARN that ran info, the manual WARN skipped', async () => {
    const f = await parsePath(data('kube-bench-0.3-single-control.json'));
    expect(f.map((x) => [x.ruleId, x.severity, x.attributes.status, x.attributes.section])).toEqual([
      ['4.1.3', 'medium', 'FAIL', '4.1'],
      ['4.2.6', 'info', 'WARN', '4.2'],
    ]);
    expect(f[0]?.description).toContain('Actual value: 666');
    expect(f[1]?.description).toContain('Reason: failed to run: /bin/ps -fC kubelet');
  });

  it('a result without test_number is a ParseError at its JSON path; an unknown status warns', async () => {
    const bad = JSON.stringify({
      Controls: [{ id: '1', tests: [{ section: '1.1', results: [{ status: 'FAIL' }] }] }],
    });
    const e = await collect((await parseReport({ text: bad }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^kube-bench: at \$\.Controls\[0\]\.tests\[0\]\.results\[0\]\.test_number: expected a kube-bench check result/,
    );
    const warnings: string[] = [];
    const odd = JSON.stringify([
      { id: '1', tests: [{ results: [{ test_number: '1.1.1', status: 'ODD' }] }] },
    ]);
    const f = await collect(
      (await parseReport({ text: odd }, { scannerType: ID, onWarning: (m) => warnings.push(m) })).findings,
    );
    expect(f).toEqual([]);
    expect(warnings).toHaveLength(1);
    const notBench = await collect(
      (await parseReport({ text: '{"a":1}' }, { scannerType: ID })).findings,
    ).catch((x: unknown) => x);
    expect(notBench).toBeInstanceOf(ParseError);
  });
});
