import { createReadStream, readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { fixturePath } from './expected.js';

// CSV reports in flawfinder's exact --csv shape for test/data/flawfinder/vulnerable.c (the source of
// DefectDojo's flawfinder_many_vuln.sarif): 2.0.20 columns, and the 2.0.6 columns (no DefaultLevel,
// ToolVersion, RuleId, HelpUri). Fingerprints and texts are those of the SARIF run.
const data = (name: string) => new URL(`./data/flawfinder/${name}`, import.meta.url).pathname;

async function parse(path: string, scanner = 'flawfinder'): Promise<Finding[]> {
  const r = await parseReport({ path });
  expect(r.scanner).toBe(scanner);
  return collect(r.findings);
}
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);
const row = (f: Finding) => [f.ruleId, f.severity, f.cwe, src(f)?.file, src(f)?.startLine];

describe('flawfinder --csv', () => {
  it('auto-detects every report in test/data/flawfinder as flawfinder', async () => {
    const files = readdirSync(new URL('./data/flawfinder/', import.meta.url)).filter((n) =>
      n.endsWith('.csv'),
    );
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('flawfinder');
  });
  it('2.0.20: rule ids, levels as severities, every CWE, location, fix suggestion', async () => {
    const f = await parse(data('flawfinder-2.0.20.csv'));
    expect(f.map(row)).toEqual([
      ['FF1014', 'high', ['CWE-120', 'CWE-20'], 'vulnerable.c', 7],
      ['FF1001', 'high', ['CWE-120'], 'vulnerable.c', 5],
      ['FF1016', 'high', ['CWE-134'], 'vulnerable.c', 6],
      ['FF1013', 'low', ['CWE-119', 'CWE-120'], 'vulnerable.c', 4],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'flawfinder', name: 'Flawfinder', version: '2.0.20' },
      name: 'buffer/gets: Does not check for buffer overflows (CWE-120, CWE-20).',
      mitigation: 'Use fgets() instead.',
      references: ['https://cwe.mitre.org/data/definitions/120.html'],
      stableId: '8681551908ef1699f55d6a2ebaaaf86b1ea2b769e66a0011ce774ac9fac1026c',
      location: { column: 5, snippet: '    gets(buf);' },
      attributes: { function: 'gets', flawfinderCategory: 'buffer', level: 5, defaultLevel: 5 },
    });
  });

  it('2.0.6 columns: rule id from category/name, same severities, CWEs and lines', async () => {
    const f = await parse(data('flawfinder-2.0.6.csv'));
    expect(f.map(row)).toEqual([
      ['buffer/gets', 'high', ['CWE-120', 'CWE-20'], 'vulnerable.c', 7],
      ['buffer/strcpy', 'high', ['CWE-120'], 'vulnerable.c', 5],
      ['format/printf', 'high', ['CWE-134'], 'vulnerable.c', 6],
      ['buffer/char', 'low', ['CWE-119', 'CWE-120'], 'vulnerable.c', 4],
    ]);
    expect(f[0]?.tool.version).toBeUndefined();
  });

  it('reads a one-shot stream (standard input) as well as a file', async () => {
    const r = await parseReport({ stream: createReadStream(data('flawfinder-2.0.20.csv')) });
    expect(r.scanner).toBe('flawfinder');
    expect((await collect(r.findings)).map((f) => f.ruleId)).toEqual([
      'FF1014',
      'FF1001',
      'FF1016',
      'FF1013',
    ]);
  });

  it('a clean run (header only) has no findings', async () => {
    expect(await parse(data('flawfinder-clean.csv'))).toEqual([]);
  });

  it('an unclosed quote is a ParseError with the CSV error code, not the text', async () => {
    const text = 'File,Line,Column,Level,Category,Name,Warning\na.c,1,1,4,buffer,gets,"secret-ish text\n';
    const e = await collect((await parseReport({ text })).findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^flawfinder: at (line \d+|input): expected well-formed CSV, got a CSV error \(CSV_/,
    );
    expect((e as ParseError).message).not.toContain('secret-ish');
  });

  it('a level outside 0–5 warns and becomes medium', async () => {
    const warnings: string[] = [];
    const text = 'File,Line,Column,Level,Category,Name,Warning\na.c,3,1,9,buffer,gets,x\n';
    const [f] = await collect((await parseReport({ text }, { onWarning: (m) => warnings.push(m) })).findings);
    expect(f?.severity).toBe('medium');
    expect(warnings).toEqual(['flawfinder: line 2: unknown level ("9"); using medium']);
  });
});

describe.runIf(need('fixtures'))(
  'flawfinder --sarif stays with the sarif parser and agrees with --csv',
  () => {
    it('DefectDojo flawfinder_many_vuln.sarif: detected as sarif; same rules, severities, CWEs, lines and fingerprints as the CSV', async () => {
      const sarif = await parse(fixturePath('flawfinder/flawfinder_many_vuln.sarif'), 'sarif');
      const csv = await parse(data('flawfinder-2.0.20.csv'));
      const byRule = (fs: Finding[]) => [...fs].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
      expect(byRule(sarif).map(row)).toEqual(byRule(csv).map(row));
      expect(byRule(sarif).map((x) => x.fingerprint)).toEqual(byRule(csv).map((x) => x.fingerprint));
      expect(sarif.find((x) => x.ruleId === 'FF1014')?.name).toContain('buffer/gets');
    });
  },
);
