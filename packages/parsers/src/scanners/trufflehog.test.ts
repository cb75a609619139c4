import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createFinding, type Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { trufflehogParser } from './trufflehog.js';
import { goBytes, v3Finding } from './trufflehog-finding.js';

const data = (name: string) =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/data/secrets', name);
const parse = (input: ParseInput, warnings: string[] = []) =>
  collect(trufflehogParser.parse(input, { onWarning: (w) => warnings.push(w) }));

describe('trufflehog parser', () => {
  it('reads v3 JSON lines, ignores log records and warns about stray text', async () => {
    const warnings: string[] = [];
    const findings = await parse(new ParseInput({ path: data('trufflehog-v3.jsonl') }), warnings);
    expect(findings.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      ['Github', 'high', { kind: 'source', file: 'config/.env', startLine: 3 }],
      ['AWS', 'critical', { kind: 'source', file: 'deploy/aws.txt', startLine: 7 }],
    ]);
    expect(warnings).toEqual(['trufflehog: line 3 is not JSON (log output?); skipped']);
    expect(findings[1]?.attributes).toMatchObject({
      verified: true,
      sourceKind: 'Git',
      commit: '0123456789abcdef0123456789abcdef01234567',
    });
    // RawV2 (key id + secret key) is what is hashed; Redacted (the full key id) is not kept, nor the email.
    expect(findings[1]?.secret?.redacted).toBe('AKIA********EY');
    const text = JSON.stringify(findings);
    for (const s of [
      'ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8',
      'AKIAZZZZYYYYXXXXWWWW',
      'wJalrXUtnFEMI',
      'dev@example.com',
    ])
      expect(text).not.toContain(s);
  });

  it('reads v2 lines: one finding per reason and file, strings found never kept', async () => {
    const findings = await parse(new ParseInput({ path: data('trufflehog-v2.jsonl') }));
    expect(findings.map((f) => [f.name, f.severity, f.occurrences, f.location])).toEqual([
      ['Stripe API Key', 'high', 2, { kind: 'source', file: 'app/settings.py' }],
      ['High Entropy', 'high', 1, { kind: 'source', file: 'app/other.py' }],
    ]);
    expect(findings[0]?.attributes.commits).toEqual([
      '1111111111111111111111111111111111111111',
      '2222222222222222222222222222222222222222',
    ]);
    expect(JSON.stringify(findings)).not.toMatch(/sk_live|Zm9vYmFy/);
  });

  it('with oneFindingPerRecord every v2 line is its own finding', async () => {
    const input = new ParseInput({ path: data('trufflehog-v2.jsonl') });
    const findings = await collect(trufflehogParser.parse(input, { oneFindingPerRecord: true }));
    expect(findings.map((f) => [f.name, f.occurrences])).toEqual([
      ['Stripe API Key', 1],
      ['Stripe API Key', 1],
      ['High Entropy', 1],
    ]);
  });

  it('reads v3 sources without a file: Docker image (before 3.63), GCS filename, syslog', async () => {
    const findings = await parse(new ParseInput({ path: data('trufflehog-v3-sources.jsonl') }));
    expect(findings.map((f) => [f.ruleId, f.severity, f.location, f.attributes.sourceKind])).toEqual([
      ['AWS', 'high', { kind: 'source', file: 'registry.example.com/shop/api:1.4.2' }, 'Docker'],
      ['Slack', 'high', { kind: 'source', file: 'exports/2024-05-01/config.yaml' }, 'Gcs'],
      ['Github', 'critical', { kind: 'source', file: 'trufflehog - syslog' }, 'Syslog'],
    ]);
    const text = JSON.stringify(findings);
    for (const s of [
      'AKIAYYYYZZZZ11112222',
      'AbCdEfGhIjKlMnOpQrStUvWx',
      'ghp_Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9Pp0Aa1Ss2',
    ])
      expect(text).not.toContain(s);
  });

  it('reads the same results collected in a JSON array, and from a stream', async () => {
    const lines = readFileSync(data('trufflehog-v3.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(await parse(new ParseInput({ text: `[${lines.join(',')}]` }))).toHaveLength(2);
    const stream = Readable.from([Buffer.from(lines.join('\n'))]);
    expect(await parse(new ParseInput({ stream }))).toHaveLength(2);
  });

  it('a cut JSON line is a ParseError with its line; text alone is not a report', async () => {
    const cut = `${readFileSync(data('trufflehog-v3.jsonl'), 'utf8').trimEnd()}\n{"SourceMetadata":{"Data":`;
    const err = await parse(new ParseInput({ text: cut })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).where).toEqual({ line: 6 });
    await expect(parse(new ParseInput({ text: 'no secrets found\n' }))).rejects.toThrow(
      /no JSON line at all/,
    );
    await expect(parse(new ParseInput({ text: '' }))).rejects.toThrow(/an empty input/);
  });

  it('builds each v3 finding as createFinding makes it (values, key order, fingerprint), NUL or not', () => {
    const lines = readFileSync(data('trufflehog-v3.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('DetectorName'));
    const withNul = { ...JSON.parse(lines[0]!), DetectorDescription: 'a\u0000b' };
    const built = [...lines.map((l, i) => v3Finding(JSON.parse(l), i + 1)), v3Finding(withNul, 9)];
    const keyOrder = (v: unknown): unknown =>
      typeof v === 'object' && v !== null ? Object.entries(v).map(([k, x]) => [k, keyOrder(x)]) : null;
    const withoutId = ({ id: _id, ...rest }: Finding) => rest;
    for (const f of built) {
      const { id: _id, fingerprint: _fp, ...draft } = structuredClone(f);
      const made = createFinding(draft);
      expect(withoutId(f)).toStrictEqual(withoutId(made));
      expect(keyOrder(f)).toEqual(keyOrder(made));
      expect(f.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(built.at(-1)?.description).toBe('a\uFFFDb');
    expect(new Set(built.map((f) => f.id)).size).toBe(built.length);
  });

  it('merges a repeated v3 result into the first one, however many findings came between', async () => {
    const lines = readFileSync(data('trufflehog-v3.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('DetectorName'));
    const other = (i: number) => lines[0]!.replace('"line":3', `"line":${100 + i}`);
    const text = [lines[1], ...Array.from({ length: 500 }, (_, i) => other(i)), lines[1], lines[1]].join(
      '\n',
    );
    const findings = await parse(new ParseInput({ text }));
    expect(findings).toHaveLength(501);
    expect(findings.map((f) => [f.ruleId, f.occurrences]).slice(0, 2)).toEqual([
      ['AWS', 3],
      ['Github', 1],
    ]);
  });

  it('decodes Go []byte base64 only when it is canonical base64 of printable text', () => {
    expect(goBytes('QUtJQVlWUDRDSVBQRVJVVklGWEc=')).toBe('AKIAYVP4CIPPERUVIFXG');
    expect(goBytes('ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8')).toBe(
      'ghp_Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8',
    );
    expect(goBytes('AAECAwQFBgc=')).toBe('AAECAwQFBgc=');
  });

  it('is detected for v3 and v2 lines, even after a log line', () => {
    expect(detectScannerFromHead(readFileSync(data('trufflehog-v3.jsonl'), 'utf8'))?.scanner).toBe(
      'trufflehog',
    );
    expect(detectScannerFromHead(readFileSync(data('trufflehog-v2.jsonl'), 'utf8'))?.scanner).toBe(
      'trufflehog',
    );
    expect(trufflehogParser.detect('[{"reason": "x", "stringsFound": [], "path": "a"}]')).toBe(0);
  });
});
