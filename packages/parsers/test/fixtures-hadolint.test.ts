import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { hadolintParser } from '../src/scanners/hadolint.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

// Own reports: hadolint 2.12 -f json (compact, keys sorted, every level, a ShellCheck code) and
// hadolint 1.17 (keys in declaration order) over a Dockerfile in a sub-directory.
const ID = 'hadolint';
const data = dataDir(ID);

const parsePath = (path: string, oneFindingPerRecord = false) =>
  parseDetected(ID, { path }, { oneFindingPerRecord });

describe.runIf(need('fixtures'))('hadolint fixtures (DefectDojo)', () => {
  const entries = expectedFor('hadolint');

  it('has the hadolint fixtures', () => expect(entries.length).toBe(2));

  // 2/2 counts agree: one finding per issue (DefectDojo keys by line, column, code and file; we by
  // code, file and line, and no two issues of these files share those).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings!);
  });

  it('one_dockerfile.json: rule, severity, line and the Windows path kept as written', async () => {
    const f = await parsePath(fixturePath('hadolint/one_dockerfile.json'));
    expect(f.map((x) => [x.ruleId, x.severity, src(x)?.startLine])).toEqual([
      ['DL3008', 'medium', 9],
      ['DL3015', 'low', 9],
      ['DL3008', 'medium', 25],
      ['DL3013', 'medium', 44],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'Hadolint' },
      name: 'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`',
      category: 'IaC',
      references: ['https://github.com/hadolint/hadolint/wiki/DL3008'],
      location: { kind: 'source', file: 'django-DefectDojo\\Dockerfile.django', startLine: 9, column: 1 },
    });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['hadolint'], [ID]))
      expect(hadolintParser.detect(head), file).toBe(0);
  });
});

describe('hadolint own fixtures', () => {
  it('auto-detects every report in test/data/hadolint', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('hadolint 2.12: every level mapped (error high … style info), ShellCheck codes link to its wiki', async () => {
    const f = await parsePath(data('hadolint-2.12.json'));
    expect(f.map((x) => [x.ruleId, x.severity, src(x)?.startLine])).toEqual([
      ['DL3006', 'medium', 1],
      ['DL3008', 'medium', 4],
      ['DL3009', 'low', 4],
      ['SC2086', 'low', 7],
      ['DL3025', 'medium', 9],
      ['DL4000', 'high', 2],
      ['DL3059', 'low', 6],
      ['DL3048', 'info', 3],
    ]);
    expect(f[3]?.references).toEqual(['https://www.shellcheck.net/wiki/SC2086']);
    expect(f[5]?.attributes).toEqual({ level: 'error' });
  });

  it('hadolint 1.17: the same shape with keys in declaration order', async () => {
    const f = await parsePath(data('hadolint-1.17-tree.json'));
    expect(f.map((x) => [x.ruleId, src(x)?.file, src(x)?.startLine])).toEqual([
      ['DL3007', 'services/api/Dockerfile', 1],
      ['DL3003', 'services/api/Dockerfile', 5],
      ['SC2164', 'services/api/Dockerfile', 5],
    ]);
  });

  it('repeats of one rule on one line merge into occurrences, unless oneFindingPerRecord', async () => {
    const issue = {
      code: 'DL3008',
      column: 1,
      file: 'Dockerfile',
      level: 'warning',
      line: 3,
      message: 'Pin',
    };
    const text = JSON.stringify([issue, { ...issue, column: 20 }]);
    const merged = await collect((await parseReport({ text }, { scannerType: ID })).findings);
    expect(merged.map((x) => x.occurrences)).toEqual([2]);
    const each = await collect(
      (await parseReport({ text }, { scannerType: ID, oneFindingPerRecord: true })).findings,
    );
    expect(each).toHaveLength(2);
  });

  it('an issue without its file is a ParseError at its JSON path; an unknown level warns', async () => {
    const text = JSON.stringify([{ code: 'DL3008', level: 'warning', line: 1, message: 'x' }]);
    const e = await collect((await parseReport({ text }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^hadolint: at \$\[0\]\.file: expected a hadolint issue/);
    const warnings: string[] = [];
    const odd = JSON.stringify([{ code: 'DL3008', level: 'loud', file: 'D', line: 1, message: 'x' }]);
    const [f] = await collect(
      (await parseReport({ text: odd }, { scannerType: ID, onWarning: (m) => warnings.push(m) })).findings,
    );
    expect(f?.severity).toBe('medium');
    expect(warnings).toEqual(['$[0].level: unknown severity (a string of 4 characters); using medium']);
  });

  it('an object is not a hadolint report', async () => {
    const e = await collect((await parseReport({ text: '{"a":1}' }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
  });
});
