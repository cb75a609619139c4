import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';

// Reports in shellcheck's exact shapes for test/data/shellcheck/deploy.sh and lib.sh:
// -f json1 (0.7+, {comments}, with fix) and -f json (a top-level array; 0.4–0.6 wrote no fix).
const data = (name: string) => new URL(`./data/shellcheck/${name}`, import.meta.url).pathname;

async function parse(name: string, oneFindingPerRecord = false): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: data(name) }, { oneFindingPerRecord });
  expect(scanner).toBe('shellcheck');
  return collect(findings);
}
const row = (f: Finding) => {
  const l = f.location?.kind === 'source' ? f.location : undefined;
  return [f.ruleId, f.severity, l?.file, l?.startLine, l?.column, f.occurrences];
};

describe('shellcheck -f json1 and -f json', () => {
  it('auto-detects every report in test/data/shellcheck as shellcheck', async () => {
    const files = readdirSync(new URL('./data/shellcheck/', import.meta.url)).filter((n) =>
      n.endsWith('.json'),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('shellcheck');
  });
  it('json1: SC codes as rule ids, the four levels mapped, one finding per rule and line', async () => {
    const f = await parse('shellcheck-json1.json');
    expect(f.map(row)).toEqual([
      ['SC2115', 'medium', 'deploy.sh', 3, 8, 1],
      ['SC2086', 'low', 'deploy.sh', 3, 8, 1],
      ['SC2164', 'medium', 'deploy.sh', 4, 1, 1],
      ['SC2006', 'info', 'deploy.sh', 5, 6, 1],
      ['SC2086', 'low', 'deploy.sh', 6, 6, 1],
      ['SC3014', 'medium', 'deploy.sh', 6, 14, 1],
      ['SC2148', 'high', 'lib.sh', 1, 1, 1],
    ]);
    expect(f[1]).toMatchObject({
      tool: { id: 'shellcheck', name: 'ShellCheck' },
      name: 'Double quote to prevent globbing and word splitting.',
      category: 'SAST',
      references: ['https://www.shellcheck.net/wiki/SC2086'],
      attributes: { level: 'info', hasFix: true },
      location: { endColumn: 15 },
    });
    expect(f[0]?.attributes).toEqual({ level: 'warning' });
  });

  it('json (array): the same findings and fingerprints as json1', async () => {
    const a = await parse('shellcheck-json.json');
    const b = await parse('shellcheck-json1.json');
    expect(a.map(row)).toEqual(b.map(row));
    expect(a.map((x) => x.fingerprint)).toEqual(b.map((x) => x.fingerprint));
  });

  it('merges a rule reported twice on one line (occurrences), unless one finding per record is asked', async () => {
    const comment = {
      file: 'a.sh',
      line: 2,
      endLine: 2,
      column: 6,
      endColumn: 8,
      level: 'info',
      code: 2086,
      message: 'Double quote',
    };
    const text = JSON.stringify({ comments: [comment, { ...comment, column: 12, endColumn: 14 }] });
    const merged = await collect((await parseReport({ text })).findings);
    expect(merged.map((x) => x.occurrences)).toEqual([2]);
    const each = await collect((await parseReport({ text }, { oneFindingPerRecord: true })).findings);
    expect(each).toHaveLength(2);
  });

  it('a comment without a code is a ParseError at its path', async () => {
    const text = JSON.stringify({ comments: [{ file: 'a.sh', line: 1, level: 'error', message: 'x' }] });
    const e = await collect((await parseReport({ text }, { scannerType: 'shellcheck' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).where).toEqual({ path: '$.comments[0].code' });
  });
});
