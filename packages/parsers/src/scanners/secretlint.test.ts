import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead, parseReport } from '../registry.js';
import { secretlintParser } from './secretlint.js';

const path = (name: string) => new URL(`../../test/data/${name}`, import.meta.url).pathname;
const parse = (source: ConstructorParameters<typeof ParseInput>[0]) =>
  collect(secretlintParser.parse(new ParseInput(source)));
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const AWS = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB = 'ghp_Qw3rTy7uIo9pAs1dFg5hJk2lZx8cVb4nM6Lp';

describe('secretlint parser', () => {
  it('reads --format json: one finding per message, the secret only redacted and hashed', async () => {
    const findings = await parse({ path: path('secretlint/unmasked.json') });
    expect(
      findings.map((f) => [f.ruleId, f.severity, f.location?.kind === 'source' && f.location.startLine]),
    ).toEqual([
      ['aws/AWSSecretAccessKey', 'high', 3],
      ['github/GITHUB_TOKEN', 'high', 2],
      ['github/GITHUB_TOKEN', 'medium', 3],
    ]);
    expect(findings[0]).toMatchObject({
      tool: { id: 'secretlint', name: 'secretlint' },
      name: 'Hard-coded secret: AWSSecretAccessKey',
      description: 'found AWS Secret Access Key: wJal********EY',
      category: 'Secrets',
      cwe: ['CWE-798'],
      secret: { redacted: 'wJal********EY', sha256: sha256(AWS) },
      // secretlint's 0-based columns become 1-based
      location: { kind: 'source', file: '/home/runner/app/config/aws.ini', column: 25, endColumn: 65 },
      references: [expect.stringContaining('secretlint-rule-aws/README.md#AWSSecretAccessKey')],
      attributes: { rule: '@secretlint/secretlint-rule-aws', messageId: 'AWSSecretAccessKey' },
    });
    expect(findings[1]?.secret?.sha256).toBe(sha256(GITHUB));
    // the same token on two lines: two findings with the same secret hash
    expect(findings[2]?.secret?.sha256).toBe(sha256(GITHUB));
    const all = JSON.stringify(findings);
    for (const secret of [AWS, GITHUB, 'Qw3rTy7uIo9pAs1dFg5hJk2lZx8cVb4nM6'])
      expect(all).not.toContain(secret);
    expect(all).not.toContain('aws_access_key_id'); // nothing of sourceContent is kept
  });

  it('reads --format sarif and keeps its messages without the secret', async () => {
    const { scanner, findings } = await parseReport(
      { path: path('secretlint/report.sarif') },
      { scannerType: 'auto' },
    );
    expect(scanner).toBe('secretlint');
    const list = await collect(findings);
    expect(list.map((f) => [f.ruleId, f.severity, f.location])).toEqual([
      [
        'aws',
        'high',
        { kind: 'source', file: 'config/aws.ini', startLine: 3, endLine: 3, column: 25, endColumn: 65 },
      ],
      [
        'github',
        'medium',
        { kind: 'source', file: '.env.ci', startLine: 2, endLine: 2, column: 14, endColumn: 54 },
      ],
    ]);
    expect(list.map((f) => f.secret?.sha256)).toEqual([sha256(AWS), sha256(GITHUB)]);
    expect(list[1]?.description).toBe('found GitHub Token(GitHub personal access token): ghp_********Lp');
    expect(list[0]?.attributes).toMatchObject({
      ruleParentId: '@secretlint/secretlint-rule-preset-recommend',
    });
    const all = JSON.stringify(list);
    for (const secret of [AWS, GITHUB]) expect(all).not.toContain(secret);
  });

  it('redacts the secret also when the SARIF parser is forced on secretlint SARIF', async () => {
    const { scanner, findings } = await parseReport(
      { path: path('secretlint/report.sarif') },
      { scannerType: 'sarif' },
    );
    expect(scanner).toBe('sarif');
    const list = await collect(findings);
    expect(list.map((f) => f.secret?.sha256)).toEqual([sha256(AWS), sha256(GITHUB)]);
    const all = JSON.stringify(list);
    for (const secret of [AWS, GITHUB]) expect(all).not.toContain(secret);
  });

  it('takes the value of an assignment that a rule range covers, and stays linear on hostile content', {
    timeout: 10_000,
  }, async () => {
    const token = 'abcdEFGH1234ijklMNOP5678';
    const content = `x\nAPI_KEY = "${token}"\n`;
    const report = (sourceContent: string, range: number[]) =>
      JSON.stringify([
        {
          filePath: 'a.env',
          sourceContent,
          messages: [
            {
              ruleId: 'custom',
              message: 'found key',
              range,
              loc: { start: { line: 2, column: 0 } },
              severity: 'error',
            },
          ],
        },
      ]);
    const [f] = await parse({ text: report(content, [2, content.length - 1]) });
    expect(f?.secret?.sha256).toBe(sha256(token));
    const hostile = `"${'"'.repeat(1 << 20)}`;
    const [g] = await parse({ text: report(hostile, [0, hostile.length]) });
    expect(g?.ruleId).toBe('custom');
  });

  it('gives ParseErrors with where and what, and refuses another tool SARIF', async () => {
    const fail = (text: string) => parse({ text }).catch((e: unknown) => e);
    const e1 = await fail(
      '[{"filePath":"a","sourceContent":"x","messages":[{"message":"found: hunter2hunter2"}]}]',
    );
    expect(isParseError(e1) && e1.where.path).toBe('$[0].messages[0]');
    expect((e1 as Error).message).not.toContain('hunter2');
    const e2 = await fail(
      '{"runs":[{"tool":{"driver":{"name":"CodeQL"}},"results":[{"ruleId":"x","message":{"text":"t"}}]}]}',
    );
    expect(isParseError(e2) && e2.where.path).toBe('$.runs[0].tool.driver.name');
    const e3 = await fail('{"filePath":"a"}');
    expect(isParseError(e3) && e3.where.path).toBe('$');
  });

  it('is detected in both formats ahead of the generic SARIF parser and ESLint', () => {
    expect(detectScannerFromHead(readFileSync(path('secretlint/unmasked.json'), 'utf8'))?.scanner).toBe(
      'secretlint',
    );
    expect(detectScannerFromHead(readFileSync(path('secretlint/report.sarif'), 'utf8'))?.scanner).toBe(
      'secretlint',
    );
    expect(secretlintParser.detect(readFileSync(path('eslint/security-plugin.json'), 'utf8'))).toBe(0);
  });
});
