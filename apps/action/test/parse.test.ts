import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, makeTempDir, need } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { runBundledAction } from './support/run-action.js';

const hasFixtures = need('fixtures');
const fixture = (file: string) => path.join(fixturesDir, 'defectdojo', file);
const tmp = makeTempDir('scanrelay-action-parse-');
afterAll(() => tmp.cleanup());

describe.runIf(hasFixtures)('the bundled Action, command parse', () => {
  it('writes SARIF for upload-sarif, sets the outputs, summarises and annotates the file and line', async () => {
    const run = await runBundledAction(
      {
        command: 'parse',
        'report-file': fixture('semgrep/many_findings.json'),
        'sarif-file': 'out/semgrep.sarif',
      },
      { workspace: tmp.dir },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      'sarif-path': 'out/semgrep.sarif',
      counts: JSON.stringify({ critical: 0, high: 0, medium: 2, low: 1, info: 0 }),
      critical: '0',
      medium: '2',
      low: '1',
    });
    const sarif = JSON.parse(readFileSync(path.join(tmp.dir, 'out/semgrep.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results).toHaveLength(3);
    expect(run.annotations).toEqual([
      expect.objectContaining({
        level: 'warning',
        properties: expect.objectContaining({
          file: 'src/main/java/org/owasp/benchmark/testcode/BenchmarkTest02194.java',
          line: '64',
        }),
      }),
      expect.objectContaining({ level: 'warning' }),
      expect.objectContaining({
        level: 'warning',
        properties: expect.objectContaining({ title: expect.stringMatching(/^low: /), line: '66' }),
      }),
    ]);
    expect(run.summary).toContain('## scanrelay parse: pass');
    expect(run.summary).toContain('| critical | high | medium | low | info | total |');
    expect(run.summary).toContain('| 0 | 0 | 2 | 1 | 0 | 3 |');
    expect(run.summary).toContain('`src/main/java/org/owasp/benchmark/testcode/BenchmarkTest01150.java:66`');
  });

  it('keeps within GitHub annotation limits and fails by the gate policy, one error left for the failure', async () => {
    const run = await runBundledAction(
      { command: 'parse', 'report-file': fixture('semgrep/many_vulns.json'), 'fail-on': 'high', top: '50' },
      { workspace: tmp.dir },
    );
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ verdict: 'fail', high: '13', medium: '35' });
    const errors = run.annotations.filter((a) => a.level === 'error');
    const warnings = run.annotations.filter((a) => a.level === 'warning');
    expect(errors).toHaveLength(10);
    expect(warnings).toHaveLength(10);
    expect(errors.at(-1)?.message).toBe(
      'scanrelay parse: fail: 13 high finding(s), at or above fail-on high',
    );
    expect(errors.slice(0, 9).every((a) => a.properties.file && a.properties.line)).toBe(true);
    expect(run.summary).toContain('### Top 48 findings');
  });

  it('names a missing or bad input and fails without a stack trace', async () => {
    const missing = await runBundledAction({ command: 'parse' }, { workspace: tmp.dir });
    expect(missing.code).toBe(1);
    expect(missing.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'scanrelay action: bad inputs: report-file: required for this command',
      }),
    ]);
    const unknown = await runBundledAction({ command: 'scan-everything' }, { workspace: tmp.dir });
    expect(unknown.annotations[0]?.message).toContain(
      'command: expected one of upload, invicti-scan, invicti-issues, gate, parse, sast; got "scan-everything"',
    );
    const bad = await runBundledAction(
      { command: 'parse', 'report-file': 'nope.json', 'fail-on': 'urgent', top: '500' },
      { workspace: tmp.dir },
    );
    expect(bad.annotations[0]?.message).toMatch(/fail-on: .*; top: /);
    const broken = path.join(tmp.dir, 'broken.json');
    writeFileSync(broken, '{"results": [');
    const parse = await runBundledAction(
      { command: 'parse', 'report-file': broken, 'scanner-type': 'semgrep' },
      { workspace: tmp.dir },
    );
    expect(parse.code).toBe(1);
    expect(parse.annotations[0]?.message).toMatch(/^scanrelay action: /);
    expect(`${parse.stdout}${parse.stderr}`).not.toMatch(/\n\s+at /);
  });
});
