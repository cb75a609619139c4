import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, isParseError, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('eslint');
  return collect(findings);
}

describe.runIf(need('fixtures'))('eslint fixtures (DefectDojo)', () => {
  const entries = expectedFor('eslint');

  it('has the eslint fixtures', () => {
    expect(entries.map((e) => e.file).sort()).toEqual([
      'eslint/empty.json',
      'eslint/no_finding.json',
      'eslint/scan.json',
    ]);
  });

  // One finding per message with a rule, as DefectDojo: 2/2 counts agree (empty.json is `[]`).
  it.each(entries.filter((e) => e.file !== 'eslint/empty.json').map((e) => [e.file, e] as const))(
    '%s',
    async (file, e) => {
      expect(await parseFixture(file)).toHaveLength(e.expected_findings!);
    },
  );

  it('empty.json (`[]`) has nothing to detect, and is read as no findings with --scanner-type eslint', async () => {
    const auto = await parseReport({ path: fixturePath('eslint/empty.json') }, { scannerType: 'auto' }).catch(
      (e: unknown) => e,
    );
    expect(isParseError(auto) && auto.scanner).toBe('auto');
    const { findings } = await parseReport(
      { path: fixturePath('eslint/empty.json') },
      { scannerType: 'eslint' },
    );
    expect(await collect(findings)).toEqual([]);
  });

  it('scan.json: two detect-object-injection findings in basketItems.js, CWE-915, low', async () => {
    const findings = await parseFixture('eslint/scan.json');
    expect(findings.map((f) => [f.ruleId, f.severity, f.cwe, f.location])).toEqual(
      [19, 20].map((line, i) => [
        'security/detect-object-injection',
        'low',
        ['CWE-915'],
        {
          kind: 'source',
          file: '/Users/omerlh/dev/juice-shop/routes/basketItems.js',
          startLine: line,
          endLine: line,
          column: [11, 25][i],
          endColumn: [20, 34][i],
        },
      ]),
    );
    // the file's source text is scanned past, never kept
    expect(JSON.stringify(findings)).not.toContain('Bjoern Kimminich');
  });
});
