import { readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, getParser, ParseInput, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'trufflehog3' });
  return collect(findings);
}

/** Every secret value of a trufflehog3 report, to prove none survives in the findings. */
function secretsOf(file: string): string[] {
  const doc = JSON.parse(readFileSync(fixturePath(file), 'utf8')) as { secret?: string }[];
  return doc.map((r) => r.secret).filter((s): s is string => typeof s === 'string' && s.length > 0);
}

describe.runIf(need('fixtures'))('trufflehog3 fixtures (DefectDojo)', () => {
  const entries = expectedFor('trufflehog3');

  it('has the trufflehog3 fixtures', () => {
    expect(entries.length).toBe(5);
  });

  // Like DefectDojo: legacy results merge by reason + file, current ones by rule, file, line and
  // secret (our fingerprint), repeats counted in occurrences. 5/5 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    expect(findings).toHaveLength(e.expected_findings!);
    for (const f of findings) expect(f.cwe).toEqual(['CWE-798']);
  });

  it('with oneFindingPerRecord: one finding per result of the array', async () => {
    for (const e of entries) {
      const records = (JSON.parse(readFileSync(fixturePath(e.file), 'utf8')) as unknown[]).length;
      const parser = getParser('trufflehog3')!;
      const input = new ParseInput({ path: fixturePath(e.file) });
      const findings = await collect(parser.parse(input, { oneFindingPerRecord: true }));
      expect(findings, e.file).toHaveLength(records);
      expect(findings.every((f) => f.occurrences === 1)).toBe(true);
    }
  });

  it('is detected as trufflehog3 (current and legacy)', async () => {
    for (const file of ['trufflehog3/many_vulns_current.json', 'trufflehog3/many_vulns_legacy.json']) {
      const { scanner } = await parseReport({ path: fixturePath(file) });
      expect(scanner).toBe('trufflehog3');
    }
  });

  it('many_vulns_legacy.json / many_vulns2_legacy.json: first finding, file and occurrences', async () => {
    const [a] = await parseFixture('trufflehog3/many_vulns_legacy.json');
    expect(a).toMatchObject({
      severity: 'high',
      occurrences: 7,
      location: { kind: 'source', file: 'fixtures/users.json' },
    });
    const [b] = await parseFixture('trufflehog3/many_vulns2_legacy.json');
    expect(b).toMatchObject({ severity: 'high', occurrences: 8, location: { file: 'test_all.py' } });
    expect(JSON.stringify(b)).not.toContain('commit_w_secret');
  });

  it('many_vulns_current.json: title, severity, line, occurrences, and no secret in clear', async () => {
    const findings = await parseFixture('trufflehog3/many_vulns_current.json');
    expect(
      findings.map((f) => [
        f.name,
        f.severity,
        f.location?.kind === 'source' && f.location.file,
        f.location?.kind === 'source' && f.location.startLine,
        f.occurrences,
      ]),
    ).toEqual([
      ['High Entropy', 'high', 'docker/Dockerfile', 3, 1],
      ['High Entropy', 'medium', 'docker/Dockerfile', 2, 2],
      ['High Entropy', 'low', 'env-file.txt', 10, 1],
    ]);
    expect(findings[2]?.secret?.redacted).toBe('44c4********8f');
    expect(findings[2]?.location).toMatchObject({ snippet: 'DD_API_KEY=44c4********8f' });
    const text = JSON.stringify(findings);
    for (const secret of secretsOf('trufflehog3/many_vulns_current.json')) expect(text).not.toContain(secret);
  });

  it('issue_6999.json: NUL bytes in the context do not break the finding, and the secret is not kept', async () => {
    const [f] = await parseFixture('trufflehog3/issue_6999.json');
    expect(f).toMatchObject({
      severity: 'medium',
      location: { file: 'tests/Services/GoodDrafts/DataSets/4620060807393', startLine: 2 },
    });
    const text = JSON.stringify(f);
    expect(text).not.toContain('\\u0000');
    for (const secret of secretsOf('trufflehog3/issue_6999.json')) expect(text).not.toContain(secret);
  });
});
