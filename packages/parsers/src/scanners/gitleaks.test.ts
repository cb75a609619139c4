import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { gitleaksParser } from './gitleaks.js';

const data = (name: string) =>
  path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/data/secrets', name);
const parse = (source: { path: string } | { text: string }) =>
  collect(gitleaksParser.parse(new ParseInput(source)));

describe('gitleaks parser', () => {
  it('reads v8 reports and never keeps Secret or Match in clear', async () => {
    const findings = await parse({ path: data('gitleaks-v8.json') });
    expect(findings.map((f) => [f.ruleId, f.name, f.severity, f.category, f.cwe])).toEqual([
      ['github-pat', 'GitHub Personal Access Token', 'high', 'Secrets', ['CWE-798']],
      ['aws-access-token', 'AWS Access Key', 'high', 'Secrets', ['CWE-798']],
    ]);
    expect(findings[0]?.location).toEqual({
      kind: 'source',
      file: 'config/.env',
      startLine: 3,
      endLine: 3,
      column: 15,
      endColumn: 54,
      snippet: 'GITHUB_TOKEN=ghp_********aa',
    });
    expect(findings[0]).toMatchObject({
      identifiedAt: '2024-03-01T10:00:00.000Z',
      attributes: {
        commit: '3f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
        commitMessage: 'add config',
        format: 'v8',
      },
    });
    expect(findings[1]?.secret?.redacted).toBe('AKIA********GH');
    const text = JSON.stringify(findings);
    for (const secret of [
      'ghp_R4nd0mT0k3nV4lu3F0rT3st1ngOnly0000aa',
      'AKIAQWERTYUIOPASDFGH',
      'dev@example.com',
    ])
      expect(text).not.toContain(secret);
  });

  it('reads v7 reports: offender hashed, line masked', async () => {
    const [f] = await parse({ path: data('gitleaks-v7.json') });
    expect(f).toMatchObject({
      ruleId: 'Slack Webhook',
      name: 'Slack Webhook secret detected',
      severity: 'high',
      attributes: { format: 'v7', tags: ['key', 'slack'], repository: 'demo' },
    });
    expect(f?.location).toMatchObject({ kind: 'source', file: 'src/notify.js', startLine: 12 });
    expect(JSON.stringify(f)).not.toContain('XXXXXXXXXXXXXXXXXXXXXXXX');
    expect(f?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads gitleaks 4–6 (no lineNumber, commitMsg) and 1–3 (reason) reports, and detects 4–6', async () => {
    const v6 = data('../securecodebox/gitleaks-v6.json');
    const [f] = await parse({ path: v6 });
    expect(f).toMatchObject({
      ruleId: 'AWS Manager ID',
      attributes: { format: 'v7', commitMessage: 'add deploy credentials', repository: 'infra' },
      location: { kind: 'source', file: 'deploy/credentials' },
    });
    expect(JSON.stringify(f)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(detectScannerFromHead(readFileSync(v6, 'utf8'))?.scanner).toBe('gitleaks');
    const [old] = await parse({
      text: JSON.stringify([
        {
          line: 'pw = "hunter2hunter2"',
          commit: 'abc',
          offender: 'hunter2hunter2',
          reason: 'Generic password',
          file: 'a.py',
        },
      ]),
    });
    expect(old).toMatchObject({ ruleId: 'Generic password', location: { file: 'a.py' } });
  });

  it('keeps the record secureCodeBox reads: redacted secret and line, author and email only for its export', async () => {
    const [plain] = await parse({ path: data('gitleaks-v8.json') });
    expect(plain?.attributes.record).toEqual({
      RuleID: 'github-pat',
      Description: 'GitHub Personal Access Token',
      Commit: '3f1c2a9e8b7d6c5b4a39281706f5e4d3c2b1a098',
      File: 'config/.env',
      StartLine: 3,
      Tags: [],
      Date: '2024-03-01T10:00:00Z',
      Secret: 'ghp_********aa',
      Match: 'GITHUB_TOKEN=ghp_********aa',
    });
    const input = new ParseInput({ path: data('gitleaks-v8.json') });
    const [scb] = await collect(gitleaksParser.parse(input, { oneFindingPerRecord: true }));
    expect(scb?.attributes.record).toMatchObject({ Author: 'Dev One', Email: 'dev@example.com' });
    const redacted = await parse({ path: data('../securecodebox/gitleaks-v8-redacted.json') });
    expect(redacted[0]?.attributes.record).toMatchObject({
      Secret: 'REDACTED',
      Match: 'STRIPE_KEY=REDACTED',
    });
  });

  it('keeps two secrets on one line apart, and one secret re-imported together', async () => {
    const one = (secret: string) =>
      JSON.stringify([
        { RuleID: 'generic', File: 'a.txt', StartLine: 1, Secret: secret, Match: `k=${secret}` },
      ]);
    const [a] = await parse({ text: one('s3cr3t-value-AAAA1111') });
    const [b] = await parse({ text: one('s3cr3t-value-AAAA1111') });
    const [c] = await parse({ text: one('s3cr3t-value-BBBB2222') });
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.fingerprint).not.toBe(c?.fingerprint);
  });

  it('accepts an empty report and refuses what is not one', async () => {
    expect(await parse({ text: '[]' })).toEqual([]);
    expect(await parse({ text: 'null' })).toEqual([]);
    await expect(parse({ text: '{"findings": []}' })).rejects.toThrow(
      /a gitleaks JSON report: an array of findings/,
    );
    const err = await parse({ text: '[{"RuleID":"x","File":"a"}, {"foo": 1}]' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).where.path).toBe('$[1]');
    await expect(parse({ text: '[{"RuleID":"x","File":"a","Secret":"abc' })).rejects.toThrow(ParseError);
  });

  it('is detected for v8 and v7 and not for other arrays', () => {
    expect(detectScannerFromHead(readFileSync(data('gitleaks-v8.json'), 'utf8'))?.scanner).toBe('gitleaks');
    expect(detectScannerFromHead(readFileSync(data('gitleaks-v7.json'), 'utf8'))?.scanner).toBe('gitleaks');
    expect(gitleaksParser.detect('[{"Target": "x", "Vulnerabilities": []}]')).toBe(0);
  });
});
