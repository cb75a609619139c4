import { readdirSync, readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';

// Reports in bandit's exact -f json shape (sort_keys, indent 2) for test/data/bandit/app.py:
// bandit-1.7.9.json (issue_cwe, col_offset, end_col_offset) and bandit-1.6.json (neither).
const data = (name: string) => new URL(`./data/bandit/${name}`, import.meta.url).pathname;

async function parse(name: string, onWarning?: (m: string) => void): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: data(name) }, { scannerType: 'auto', onWarning });
  expect(scanner).toBe('bandit');
  return collect(findings);
}
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);

describe('bandit -f json', () => {
  it('auto-detects every report in test/data/bandit as bandit', async () => {
    const files = readdirSync(new URL('./data/bandit/', import.meta.url)).filter((n) => n.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('bandit');
  });
  it('bandit 1.7.9: one finding per result, with rule, severity, confidence, CWE and location', async () => {
    const warnings: string[] = [];
    const f = await parse('bandit-1.7.9.json', (m) => warnings.push(m));
    expect(f.map((x) => [x.ruleId, x.severity, x.confidence, x.cwe, src(x)?.startLine])).toEqual([
      ['B404', 'low', 'high', ['CWE-78'], 1],
      ['B403', 'low', 'high', ['CWE-502'], 2],
      ['B105', 'low', 'medium', ['CWE-259'], 5],
      ['B602', 'high', 'high', ['CWE-78'], 9],
      ['B301', 'medium', 'high', ['CWE-502'], 13],
      ['B324', 'high', 'high', ['CWE-327'], 17],
      ['B101', 'low', 'high', ['CWE-703'], 20],
    ]);
    expect(f[3]).toMatchObject({
      tool: { id: 'bandit', name: 'Bandit' },
      name: 'subprocess call with shell=True identified, security issue.',
      category: 'SAST',
      references: [
        'https://bandit.readthedocs.io/en/1.7.9/plugins/b602_subprocess_popen_with_shell_equals_true.html',
      ],
      attributes: { testName: 'subprocess_popen_with_shell_equals_true' },
    });
    // col_offset 11 (0-based) is column 12; the snippet is the finding's own line only.
    expect(src(f[3])).toEqual({
      kind: 'source',
      file: 'app.py',
      startLine: 9,
      column: 12,
      endColumn: 43,
      snippet: '    return subprocess.call(cmd, shell=True)',
    });
    expect(warnings).toEqual(['bandit: the report lists 1 file(s) it could not scan; they are not findings']);
  });

  it('never keeps the password B105 quotes: name, snippet and secret are redacted', async () => {
    const f = (await parse('bandit-1.7.9.json')).find((x) => x.ruleId === 'B105');
    expect(readFileSync(data('bandit-1.7.9.json'), 'utf8')).toContain('hunter2-Secret');
    expect(JSON.stringify(f)).not.toContain('hunter2-Secret');
    expect(f).toMatchObject({ name: "Possible hardcoded password: 'hu********'", category: 'Secrets' });
    expect(f?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(src(f)?.snippet).toBe('password = "hu********"');
  });

  it('bandit 1.6 (no issue_cwe, no col_offset): same rules, lines and fingerprints as 1.7.9', async () => {
    const old = await parse('bandit-1.6.json');
    const now = await parse('bandit-1.7.9.json');
    expect(old.map((x) => [x.ruleId, x.severity, x.cwe, src(x)?.startLine, src(x)?.column])).toEqual([
      ['B602', 'high', [], 9, undefined],
      ['B101', 'low', [], 20, undefined],
    ]);
    for (const o of old) expect(o.fingerprint).toBe(now.find((n) => n.ruleId === o.ruleId)?.fingerprint);
  });

  it('a result without its filename is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({ results: [{ test_id: 'B101', issue_severity: 'LOW', issue_text: 'x' }] });
    const { findings } = await parseReport({ text }, { scannerType: 'bandit' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^bandit: at \$\.results\[0\]\.filename: expected a bandit result/,
    );
  });

  it('a baseline report keeps the number of candidates', async () => {
    const doc = JSON.parse(readFileSync(data('bandit-1.6.json'), 'utf8')) as { results: object[] };
    doc.results = [{ ...doc.results[0], candidates: [{}, {}] }];
    const [f] = await collect((await parseReport({ text: JSON.stringify(doc) })).findings);
    expect(f?.attributes).toMatchObject({ baselineCandidates: 2 });
  });
});
