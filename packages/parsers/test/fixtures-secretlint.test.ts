import { readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('secretlint');
  return collect(findings);
}

describe.runIf(need('fixtures'))('secretlint fixtures (DefectDojo)', () => {
  const entries = expectedFor('secretlint');

  it('has the secretlint fixtures', () => {
    expect(entries.length).toBe(3);
  });

  // One finding per message, as DefectDojo: 3/3 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parseFixture(file)).toHaveLength(e.expected_findings!);
  });

  it('secretlint_one_vuln.json: aws/AWSSecretAccessKey, high, CWE-798, aws-config.ini line 3', async () => {
    const [f] = await parseFixture('secretlint/secretlint_one_vuln.json');
    expect(f).toMatchObject({
      ruleId: 'aws/AWSSecretAccessKey',
      severity: 'high',
      cwe: ['CWE-798'],
      category: 'Secrets',
      location: { kind: 'source', file: '/src/generic-app/aws-config.ini', startLine: 3 },
      occurrences: 1,
    });
  });

  it('secretlint_many_vuln.json: rule, file and line of each secret; sourceContent never reaches a finding', async () => {
    const file = 'secretlint/secretlint_many_vuln.json';
    const findings = await parseFixture(file);
    const rows = findings.map((f) => [
      f.ruleId,
      f.location?.kind === 'source' && f.location.file.split('/').pop(),
      f.location?.kind === 'source' && f.location.startLine,
    ]);
    expect(rows).toEqual([
      ['aws/AWSSecretAccessKey', 'aws-config.ini', 3],
      ['github/GITHUB_TOKEN', 'ci.env', 2],
      ['aws/AWSSecretAccessKey', 'deploy.env', 2],
      ['github/GITHUB_TOKEN', 'deploy.env', 3],
    ]);
    for (const f of findings) expect(f).toMatchObject({ severity: 'high', cwe: ['CWE-798'] });
    // the four secrets differ, so do their hashes
    expect(new Set(findings.map((f) => f.secret?.sha256)).size).toBe(4);
    const out = JSON.stringify(findings);
    const report = JSON.parse(readFileSync(fixturePath(file), 'utf8')) as { sourceContent: string }[];
    for (const r of report)
      for (const line of r.sourceContent.split('\n')) {
        const value = line.split(/[=\s]+/).pop() ?? '';
        if (value.length >= 16) expect(out).not.toContain(value);
      }
  });
});
