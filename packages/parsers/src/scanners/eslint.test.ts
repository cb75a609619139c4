import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { eslintParser } from './eslint.js';

const path = (name: string) => new URL(`../../test/data/${name}`, import.meta.url).pathname;
const parse = (source: ConstructorParameters<typeof ParseInput>[0], onWarning?: (w: string) => void) =>
  collect(eslintParser.parse(new ParseInput(source), { onWarning }));
const fail = (text: string) => parse({ text }).catch((e: unknown) => e);

describe('eslint parser', () => {
  it('rates eslint-plugin-security rules by what they detect and gives their CWE', async () => {
    const warnings: string[] = [];
    const findings = await parse({ path: path('eslint/security-plugin.json') }, (w) => warnings.push(w));
    expect(
      findings.map((f) => [
        f.ruleId,
        f.severity,
        f.cwe[0] ?? null,
        f.location?.kind === 'source' && f.location.startLine,
      ]),
    ).toEqual([
      ['security/detect-child-process', 'high', 'CWE-78', 1],
      ['security/detect-eval-with-expression', 'high', 'CWE-95', 9],
      ['security/detect-non-literal-require', 'high', 'CWE-829', 14],
      // eslint severity 2, yet low: the rule flags every obj[key]
      ['security/detect-object-injection', 'low', 'CWE-915', 7],
      ['security/detect-unsafe-regex', 'medium', 'CWE-1333', 3],
      ['security/detect-possible-timing-attacks', 'low', 'CWE-208', 11],
      // other rules: eslint severity 2 → medium, 1 → low
      ['eqeqeq', 'medium', null, 11],
      ['no-secrets/no-secrets', 'medium', null, 20],
    ]);
    expect(findings[0]).toMatchObject({
      tool: { id: 'eslint', name: 'ESLint' },
      name: 'Found require("child_process")',
      category: 'SAST',
      location: {
        kind: 'source',
        file: '/repo/src/exec.js',
        startLine: 1,
        endLine: 1,
        column: 16,
        endColumn: 40,
      },
      attributes: { eslintSeverity: 1, nodeType: 'CallExpression', securityRule: true },
    });
    // suppressedMessages (eslint-disable) are not findings; the fatal parsing error is reported, not a finding
    expect(findings.some((f) => f.location?.kind === 'source' && f.location.startLine === 30)).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('1 message(s) without a rule')]);
  });

  it('cuts long random tokens that a message quotes (eslint-plugin-no-secrets)', async () => {
    const findings = await parse({ path: path('eslint/security-plugin.json') });
    const f = findings.find((x) => x.ruleId === 'no-secrets/no-secrets')!;
    expect(f.name).toBe('Found a string with entropy 4.9 : "sk_l********"');
    expect(JSON.stringify(findings)).not.toContain('9fK2xQ7pLm3Rt8Vw1Zb6Nc4Hd');
  });

  it('reads json-with-metadata, with rule descriptions and links from rulesMeta', async () => {
    const findings = await parse({ path: path('eslint/json-with-metadata.json') });
    expect(findings.map((f) => [f.ruleId, f.severity, f.cwe])).toEqual([
      ['security/detect-non-literal-fs-filename', 'medium', ['CWE-22']],
      ['no-eval', 'medium', []],
      ['security/detect-new-buffer', 'medium', ['CWE-908']],
      // a security rule not in the table is rated by its eslint severity
      ['security/detect-some-future-rule', 'medium', []],
    ]);
    expect(findings[1]).toMatchObject({
      description: 'Disallow the use of `eval()`',
      references: ['https://eslint.org/docs/latest/rules/no-eval'],
      location: { file: 'C:\\repo\\lib\\paths.js', startLine: 8 },
    });
    // a one-shot stream cannot be read twice: the findings come without rulesMeta
    const text = readFileSync(path('eslint/json-with-metadata.json'));
    const streamed = await parse({
      stream: (async function* () {
        yield text;
      })(),
    });
    expect(streamed.map((f) => f.ruleId)).toEqual(findings.map((f) => f.ruleId));
    expect(streamed[1]?.description).toBeUndefined();
  });

  it('gives ParseErrors with where and what, never the report text', async () => {
    const e1 = await fail(
      '[{"filePath":"a.js","messages":[{"ruleId":7,"severity":2,"message":"secret-ish"}]}]',
    );
    expect(isParseError(e1) && e1.where.path).toBe('$[0].messages[0]');
    const e2 = await fail('[{"filePath":"a.js","messages":"oops"}]');
    expect(isParseError(e2) && e2.where.path).toBe('$[0]');
    const e3 = await fail('{"results":{"a":1}}');
    expect(isParseError(e3) && e3.where.path).toBe('$');
    expect(String((e1 as Error).message)).not.toContain('secret-ish');
  });

  it('is detected for both shapes, and secretlint JSON is not taken for ESLint', () => {
    const head = readFileSync(path('eslint/security-plugin.json'), 'utf8');
    expect(detectScannerFromHead(head)?.scanner).toBe('eslint');
    expect(detectScannerFromHead(readFileSync(path('eslint/json-with-metadata.json'), 'utf8'))?.scanner).toBe(
      'eslint',
    );
    expect(eslintParser.detect(readFileSync(path('secretlint/unmasked.json'), 'utf8'))).toBe(0);
  });
});
