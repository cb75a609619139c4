import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, getParser, ParseInput, parseReport } from '../src/index.js';
import { goBytes } from '../src/scanners/trufflehog-finding.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'trufflehog' });
  return collect(findings);
}
const src = (f: Finding | undefined) => (f?.location?.kind === 'source' ? f.location : undefined);
const lines = (file: string) =>
  readFileSync(fixturePath(file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Every secret in clear in a v3 file: Raw, RawV2 and their decoded forms. */
function v3Secrets(file: string): string[] {
  return lines(file).flatMap((r) =>
    [r.Raw, r.RawV2].filter((x): x is string => typeof x === 'string').flatMap((x) => [x, goBytes(x)]),
  );
}

const checks: Record<string, (f: Finding[]) => void> = {
  'trufflehog/v2_many_vulns.json': (f) => {
    // 64 lines, merged by reason + file as DefectDojo does: 18 findings whose occurrences add up to 64.
    expect(f.reduce((n, x) => n + x.occurrences, 0)).toBe(64);
    // DefectDojo: Medium; ours: high for every unverified secret (v2 has no verification).
    expect(f[0]).toMatchObject({ severity: 'high', cwe: ['CWE-798'], name: 'Generic Secret' });
    expect(src(f[0])?.file).toBe('test_all.py');
    const text = JSON.stringify(f);
    for (const r of lines('trufflehog/v2_many_vulns.json'))
      for (const s of r.stringsFound as string[]) expect(text).not.toContain(s);
  },
  'trufflehog/v3_git.json': (f) => {
    expect(f[0]).toMatchObject({
      ruleId: 'AWS',
      severity: 'critical',
      cwe: ['CWE-798'],
      attributes: { verified: true, commit: 'fbc14303ffbf8fb1c2c1914e8dda7d0121633aca' },
    });
    expect(src(f[0])).toEqual({ kind: 'source', file: 'keys', startLine: 4 });
    expect(f[0]?.secret?.redacted).toBe('AKIA********XG');
    // `Redacted` is the whole access key id here: not kept. The URI's masked form is kept.
    expect(f[0]?.attributes.redacted).toBeUndefined();
    expect(f[1]?.attributes.redacted).toBe('https://*****:*****@the-internet.herokuapp.com/basic_auth');
    const text = JSON.stringify(f);
    for (const s of v3Secrets('trufflehog/v3_git.json')) expect(text).not.toContain(s);
  },
  'trufflehog/v3_github.json': (f) => {
    expect(f[0]).toMatchObject({
      severity: 'critical',
      cwe: ['CWE-798'],
      attributes: { sourceKind: 'Github' },
    });
    expect(src(f[0])?.file).toBe('keys');
    const text = JSON.stringify(f);
    for (const s of v3Secrets('trufflehog/v3_github.json')) expect(text).not.toContain(s);
  },
};

describe.runIf(need('fixtures'))('trufflehog fixtures (DefectDojo)', () => {
  const entries = expectedFor('trufflehog');

  it('covers every file of the folder', () => {
    const files = readdirSync(path.dirname(fixturePath('trufflehog/x'))).map((f) => `trufflehog/${f}`);
    expect(entries.map((e) => e.file).sort()).toEqual(files.sort());
  });

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
    for (const f of findings) expect(f).toMatchObject({ tool: { id: 'trufflehog' }, category: 'Secrets' });
    checks[file]?.(findings);
  });

  it('with oneFindingPerRecord: one finding per result line (v2: 64, v3: 3 and 3)', async () => {
    const parser = getParser('trufflehog')!;
    for (const e of entries) {
      const input = new ParseInput({ path: fixturePath(e.file) });
      const findings = await collect(parser.parse(input, { oneFindingPerRecord: true }));
      expect(findings, e.file).toHaveLength(lines(e.file).length);
      expect(findings.every((f) => f.occurrences === 1)).toBe(true);
    }
  });

  it('detects v2 and v3 JSON lines as trufflehog', async () => {
    for (const e of entries)
      expect((await parseReport({ path: fixturePath(e.file) })).scanner, e.file).toBe('trufflehog');
  });
});
