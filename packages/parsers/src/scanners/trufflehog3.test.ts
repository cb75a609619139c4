import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { trufflehog3Parser } from './trufflehog3.js';

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const OTHER = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const current = (over: Record<string, unknown> = {}) => ({
  rule: { id: 'aws-access-key', message: 'AWS Access Key', severity: 'HIGH' },
  path: 'config/.env',
  line: '3',
  secret: SECRET,
  context: { '2': `PREVIOUS=${OTHER}`, '3': `AWS_KEY=${SECRET} AWS_SECRET=${OTHER}`, '4': 'x=1' },
  id: 'e1',
  branch: 'main',
  message: 'add config\n\nlong body',
  author: 'Dev <dev@example.com>',
  commit: '9c3f4d641d14eba2740febccd902cde300218a8d',
  date: '2021-10-08T20:14:27+02:00',
  ...over,
});
const parse = (items: unknown[]) =>
  collect(trufflehog3Parser.parse(new ParseInput({ text: JSON.stringify(items) })));

describe('trufflehog3 parser', () => {
  it('keeps only the redacted secret and its hash, and only the finding line, with other tokens masked', async () => {
    const [f] = await parse([current()]);
    expect(f).toMatchObject({
      ruleId: 'aws-access-key',
      name: 'AWS Access Key',
      severity: 'high',
      category: 'Secrets',
      cwe: ['CWE-798'],
      location: {
        kind: 'source',
        file: 'config/.env',
        startLine: 3,
        snippet: 'AWS_KEY=AKIA********LE AWS_SECRET=wJal********',
      },
      secret: { redacted: 'AKIA********LE' },
      identifiedAt: '2021-10-08T18:14:27.000Z',
      attributes: { branch: 'main', commitMessage: 'add config' },
    });
    const text = JSON.stringify(f);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(OTHER);
    expect(text).not.toContain('dev@example.com');
  });

  it('merges the same secret seen in several commits; two secrets on one line stay two findings', async () => {
    const findings = await parse([
      current(),
      current({ commit: 'aaaa', id: 'e2' }),
      current({ secret: 'AKIAZZZZZZZZZZZZZZZZ' }),
    ]);
    expect(findings.map((f) => f.occurrences)).toEqual([2, 1]);
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('never keeps legacy stringsFound; merges by reason and file', async () => {
    const legacy = (hash: string) => ({
      date: '2018-05-28 03:24:03',
      path: 'a.json',
      branch: 'origin/master',
      commit: 'msg',
      commitHash: hash,
      reason: 'High entropy',
      stringsFound: [`+ "key": "${OTHER}"`],
    });
    const [f, ...rest] = await parse([legacy('c1'), legacy('c2')]);
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      ruleId: 'high-entropy',
      occurrences: 2,
      attributes: { commits: ['c1', 'c2'], stringsFound: 1 },
    });
    expect(JSON.stringify(f)).not.toContain(OTHER);
  });

  it('reads trufflehog3 2.x reports (null branch and commits without history), merged or one per record', async () => {
    const input = () =>
      new ParseInput({
        path: fileURLToPath(new URL('../../test/data/secrets/trufflehog3-v2.json', import.meta.url)),
      });
    const [merged] = await collect(trufflehog3Parser.parse(input()));
    expect(merged).toMatchObject({
      name: 'High entropy',
      occurrences: 2,
      location: { kind: 'source', file: '/settings/high_entropy.py' },
      attributes: { format: 'legacy', commits: ['d15627104d07846ac2914a976e8e347a663bbd9b'] },
    });
    const each = await collect(trufflehog3Parser.parse(input(), { oneFindingPerRecord: true }));
    expect(each.map((f) => f.occurrences)).toEqual([1, 1]);
    expect(JSON.stringify(each)).not.toContain('f18e9874c95a664e7175e8a7991ff9e5e1f91a473665f5');
  });

  it('gives ParseErrors for an unknown item and for a non-array document', async () => {
    const e1 = await parse([current(), { path: 'x' }]).catch((e: unknown) => e);
    expect(isParseError(e1) && e1.where.path).toBe('$[1]');
    const e2 = await collect(trufflehog3Parser.parse(new ParseInput({ text: '{"results": []}' }))).catch(
      (e: unknown) => e,
    );
    expect(isParseError(e2) && e2.where.path).toBe('$');
  });

  it('is detected; trufflehog v3 JSON lines are not', () => {
    expect(detectScannerFromHead(JSON.stringify([current()]))?.scanner).toBe('trufflehog3');
    expect(
      trufflehog3Parser.detect('{"SourceMetadata":{},"DetectorName":"AWS","Raw":"x","Redacted":"y"}\n'),
    ).toBe(0);
  });
});
