import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('njsscan');
  return collect(findings);
}

describe.runIf(need('fixtures'))('njsscan fixtures (DefectDojo)', () => {
  const entries = expectedFor('njsscan');

  it('has the njsscan fixtures', () => {
    expect(entries.length).toBe(3);
  });

  // One finding per file match, as DefectDojo: 3/3 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    expect(e.expected_findings).not.toBeNull();
    expect(findings).toHaveLength(e.expected_findings!);
  });

  it('njsscan_one_vuln.json: node_md5, medium, CWE-327, hash.js line 4', async () => {
    const [f] = await parseFixture('njsscan/njsscan_one_vuln.json');
    expect(f).toMatchObject({
      ruleId: 'node_md5',
      name: 'node_md5',
      severity: 'medium',
      category: 'SAST',
      cwe: ['CWE-327'],
      tool: { id: 'njsscan', version: '0.4.3' },
      location: { kind: 'source', file: 'hash.js', startLine: 4, endLine: 4 },
    });
  });

  it('njsscan_many_vuln.json: rule, line, CWE and severity of every match', async () => {
    const findings = await parseFixture('njsscan/njsscan_many_vuln.json');
    const rows = findings.map((f) => [
      f.ruleId,
      f.location?.kind === 'source' ? f.location.startLine : -1,
      f.cwe[0],
      f.severity,
    ]);
    expect(rows).toEqual([
      ['eval_nodejs', 14, 'CWE-95', 'high'],
      ['express_xss', 14, 'CWE-79', 'high'],
      ['express_xss', 18, 'CWE-79', 'high'],
      ['generic_os_command_exec', 8, 'CWE-78', 'high'],
      ['node_md5', 18, 'CWE-327', 'medium'],
    ]);
    for (const f of findings) expect(f.location).toMatchObject({ file: 'server.js' });
    expect(findings[3]?.location).toMatchObject({ startLine: 8, endLine: 10 });
  });
});
