import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';

// Reports in cppcheck's exact XML shapes for test/data/cppcheck/buffer.c: --xml-version=2 (2.13, with
// the checkersReport summary and a missingIncludeSystem note) and the version 1 format of cppcheck 1.x.
const data = (name: string) => new URL(`./data/cppcheck/${name}`, import.meta.url).pathname;

async function parse(name: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: data(name) });
  expect(scanner).toBe('cppcheck');
  return collect(findings);
}
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);

describe('cppcheck --xml', () => {
  it('auto-detects every report in test/data/cppcheck as cppcheck', async () => {
    const files = readdirSync(new URL('./data/cppcheck/', import.meta.url)).filter((n) => n.endsWith('.xml'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe('cppcheck');
  });
  it('version 2: one finding per error, severity, CWE, first location; checkersReport is not a finding', async () => {
    const f = await parse('cppcheck-2.13-v2.xml');
    expect(f.map((x) => [x.ruleId, x.severity, x.cwe, src(x)?.startLine, src(x)?.column])).toEqual([
      ['missingIncludeSystem', 'info', [], undefined, undefined],
      ['arrayIndexOutOfBounds', 'high', ['CWE-788'], 12, 11],
      ['memleak', 'high', ['CWE-401'], 19, 1],
      ['uninitvar', 'high', ['CWE-457'], 23, 12],
      ['nullPointerOutOfMemory', 'medium', ['CWE-476'], 6, 12],
      ['unreadVariable', 'low', ['CWE-563'], 18, 15],
    ]);
    expect(f[0]?.location).toBeUndefined();
    expect(f[1]).toMatchObject({
      tool: { id: 'cppcheck', name: 'Cppcheck', version: '2.13.0' },
      name: "Array 'values[4]' accessed at index 4, which is out of bounds.",
      category: 'SAST',
      attributes: { severity: 'error', symbols: ['values'] },
    });
    expect(f[4]).toMatchObject({
      confidence: 'low',
      attributes: {
        inconclusive: true,
        trace: [
          { file: 'buffer.c', line: 5, column: 23, info: 'Assuming allocation function fails' },
          { file: 'buffer.c', line: 5, column: 23, info: "Assignment 'out=malloc(8)', assigned value is 0" },
        ],
      },
    });
  });

  it('version 1: file and line attributes; same fingerprints as version 2', async () => {
    const v1 = await parse('cppcheck-1.x-v1.xml');
    const v2 = await parse('cppcheck-2.13-v2.xml');
    expect(v1.map((x) => [x.ruleId, x.severity, src(x)?.file, src(x)?.startLine])).toEqual([
      ['arrayIndexOutOfBounds', 'high', 'buffer.c', 12],
      ['memleak', 'high', 'buffer.c', 19],
      ['uninitvar', 'high', 'buffer.c', 23],
    ]);
    for (const f of v1) expect(f.fingerprint).toBe(v2.find((x) => x.ruleId === f.ruleId)?.fingerprint);
  });

  it('a clean run has no findings', async () => {
    expect(await parse('cppcheck-clean-v2.xml')).toEqual([]);
  });

  it('truncated XML is a ParseError with the line, not quoting the report', async () => {
    const text =
      '<?xml version="1.0"?>\n<results version="2">\n<cppcheck version="2.13.0"/>\n<errors>\n<error id="secretThing" severity="error" msg="x">';
    const e = await collect((await parseReport({ text })).findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^cppcheck: at line \d+: expected well-formed XML/);
    expect((e as ParseError).message).not.toContain('secretThing');
  });

  it('refuses a DOCTYPE that declares entities', async () => {
    const text =
      '<?xml version="1.0"?><!DOCTYPE results [<!ENTITY a "aaaa">]><results version="2"><cppcheck version="2.13.0"/><errors/></results>';
    await expect(
      collect((await parseReport({ text }, { scannerType: 'cppcheck' })).findings),
    ).rejects.toThrow(/without entity declarations/);
  });
});
