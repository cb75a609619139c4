import { readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { collect, ParseError, parseReport } from '../src/index.js';
import {
  DOJO_TO_SCANNER,
  type ExpectedEntry,
  fixturePath,
  loadExpected,
  SAME_FORMAT_AS,
} from './expected.js';

/** What one parse of a fixture gave: findings, a ParseError, or (a bug) any other exception. */
type Outcome =
  | { kind: 'findings'; scanner: string; count: number }
  | { kind: 'parse-error'; scanner: string; message: string }
  | { kind: 'crash'; message: string };

async function outcome(file: string, scannerType: string): Promise<Outcome> {
  try {
    const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType });
    return { kind: 'findings', scanner, count: (await collect(findings)).length };
  } catch (e) {
    if (e instanceof ParseError) return { kind: 'parse-error', scanner: e.scanner, message: e.message };
    return { kind: 'crash', message: `${(e as Error)?.name}: ${(e as Error)?.message}` };
  }
}

/** A document with no content to recognise (empty, `null`, `[]`, `{}`) is valid for many formats. */
function isContentless(file: string): boolean {
  return /^\s*(null|\[\s*\]|\{\s*\})?\s*$/.test(readFileSync(fixturePath(file), 'utf8'));
}

interface Row {
  entry: ExpectedEntry;
  mapped: string | undefined;
  auto: Outcome;
  direct: Outcome | undefined;
}

describe.runIf(need('fixtures'))('every DefectDojo fixture, auto-detected and with its mapped parser', () => {
  const rows: Row[] = [];

  beforeAll(async () => {
    for (const entry of loadExpected()) {
      const mapped = DOJO_TO_SCANNER[entry.scanner];
      rows.push({
        entry,
        mapped,
        auto: await outcome(entry.file, 'auto'),
        direct: mapped ? await outcome(entry.file, mapped) : undefined,
      });
    }
  });

  it('reads the whole EXPECTED.json', () => {
    expect(rows.length).toBeGreaterThanOrEqual(390);
    const unknownFolders = rows.filter((r) => !(r.entry.scanner in DOJO_TO_SCANNER)).map((r) => r.entry.file);
    expect(unknownFolders).toEqual([]);
  });

  it('yields findings or throws a ParseError for every file, never another exception', () => {
    const crashes = rows.flatMap((r) =>
      [r.auto, r.direct].flatMap((o) => (o?.kind === 'crash' ? [`${r.entry.file}: ${o.message}`] : [])),
    );
    expect(crashes).toEqual([]);
  });

  it('detection picks the mapped parser for every valid report of a supported format', () => {
    const wrong = rows
      .filter((r) => r.direct?.kind === 'findings' && !isContentless(r.entry.file))
      .filter((r) => !(r.entry.file in SAME_FORMAT_AS))
      .filter((r) => r.auto.kind !== 'findings' || r.auto.scanner !== r.mapped)
      .map((r) => `${r.entry.file}: expected ${r.mapped}, got ${JSON.stringify(r.auto)}`);
    expect(wrong).toEqual([]);
  });

  it('refuses a document with nothing to recognise with a ParseError from detection', () => {
    const contentless = rows.filter((r) => isContentless(r.entry.file));
    expect(contentless.length).toBeGreaterThanOrEqual(3);
    for (const r of contentless) {
      expect(r.auto, r.entry.file).toMatchObject({ kind: 'parse-error', scanner: 'auto' });
    }
  });

  it('maps every DefectDojo folder to one of our parsers', () => {
    // A new folder must be mapped in test/expected.ts: every DefectDojo sample is a format we read.
    expect(rows.filter((r) => r.mapped === undefined).map((r) => r.entry.file)).toEqual([]);
  });

  it("leaves files whose bytes are another parser's format to that parser, with DefectDojo's count", () => {
    const same = rows.filter((r) => r.entry.file in SAME_FORMAT_AS);
    expect(same.map((r) => r.entry.file).sort()).toEqual(Object.keys(SAME_FORMAT_AS).sort());
    for (const r of same) {
      expect(r.auto, r.entry.file).toMatchObject({ kind: 'findings', scanner: SAME_FORMAT_AS[r.entry.file] });
      // The folder's own parser reads them too when asked by name (--scanner-type), with the same count.
      expect(r.direct, r.entry.file).toMatchObject({
        kind: 'findings',
        count: (r.auto as { count: number }).count,
      });
      if (r.entry.expected_findings !== null)
        expect((r.auto as { count: number }).count, r.entry.file).toBe(r.entry.expected_findings);
    }
  });

  it('auto-detection and the mapped parser agree on the count', () => {
    const differ = rows
      .filter((r) => r.direct?.kind === 'findings' && r.auto.kind === 'findings')
      .filter((r) => !(r.entry.file in SAME_FORMAT_AS))
      .filter((r) => (r.auto as { count: number }).count !== (r.direct as { count: number }).count)
      .map((r) => r.entry.file);
    expect(differ).toEqual([]);
  });

  it("agrees with DefectDojo's count for most files (differences are explained in fixtures-<scanner>.test.ts)", () => {
    const counted = rows.filter((r) => r.direct?.kind === 'findings' && r.entry.expected_findings !== null);
    const table = counted.map((r) => {
      const ours = (r.direct as { count: number }).count;
      return {
        file: r.entry.file,
        dojo: r.entry.expected_findings,
        ours,
        agrees: ours === r.entry.expected_findings,
      };
    });
    const agreeing = table.filter((t) => t.agrees).length;
    const lines = table
      .filter((t) => !t.agrees)
      .map((t) => `  ${t.file}: DefectDojo ${t.dojo}, scanrelay ${t.ours}`);
    console.log(`count agreement with DefectDojo: ${agreeing}/${table.length} files\n${lines.join('\n')}`);
    expect(table.length).toBeGreaterThanOrEqual(100);
    expect(agreeing / table.length).toBeGreaterThanOrEqual(0.9);
  });
});
