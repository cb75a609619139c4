import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir, need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { scbSemgrep } from './securecodebox/oracle-semgrep.js';
import { oracleJson, ourScb } from './securecodebox/our-scb.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ownFile = (name: string) => path.join(here, 'data/securecodebox', name);
const dojoFile = (name: string) => path.join(fixturesDir, 'defectdojo/semgrep', name);

async function compare(file: string) {
  const ours = await ourScb(file, 'semgrep');
  const expected = oracleJson(scbSemgrep(JSON.parse(readFileSync(file, 'utf8'))));
  expect(ours.findings).toHaveLength(expected.length);
  expect(ours.findings).toEqual(expected);
  return ours;
}

describe('secureCodeBox export of semgrep reports equals secureCodeBox’s parser', () => {
  it('the oracle reproduces secureCodeBox’s snapshots for its test files', () => {
    // Expected values from secureCodeBox's scanners/semgrep/parser/parser.test.js inline snapshots.
    const read = (n: string) => JSON.parse(readFileSync(ownFile(n), 'utf8'));
    expect(scbSemgrep(read('semgrep-scb-minimal-metadata.json'))).toEqual([
      {
        attributes: { cwe: null, owasp_category: null, references: null, rule_source: null },
        category: 'semgrep-result',
        description: 'actual := TruncateName(test.in)',
        location: 'truncatedname_test.go:44-44',
        name: '-',
        severity: 'HIGH',
      },
    ]);
    const multi = scbSemgrep(read('semgrep-scb-multiresult.json'));
    expect(multi.map((f) => [f.location, f.severity, f.category])).toEqual([
      ['test.py:5-6', 'MEDIUM', 'security'],
      ['test.py:10-11', 'MEDIUM', 'security'],
    ]);
    expect(multi[0]?.attributes).toEqual({
      cwe: "CWE-78: Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')",
      owasp_category: 'A1: Injection',
      references: ['https://owasp.org/www-community/attacks/Command_Injection'],
      rule_source:
        'https://semgrep.dev/r/python.django.security.injection.command.command-injection-os-system.command-injection-os-system',
    });
  });

  it('secureCodeBox’s test files: equal field by field', async () => {
    // Test files from secureCodeBox's scanners/semgrep/parser/__testFiles__ (metavars trimmed).
    const minimal = await compare(ownFile('semgrep-scb-minimal-metadata.json'));
    expect(minimal.findings[0]).toMatchObject({ name: '-', location: 'truncatedname_test.go:44-44' });
    expect(minimal.scanrelay[0]).toMatchObject({ original_severity: 'high', rule_id: '-' });
    const multi = await compare(ownFile('semgrep-scb-multiresult.json'));
    expect(multi.findings.map((f) => f.location)).toEqual(['test.py:5-6', 'test.py:10-11']);
  });

  it('a semgrep 1.97 report: ignored result kept, HIGH word, no message, empty message', async () => {
    const { findings } = await compare(ownFile('semgrep-v1-nosem-disabled.json'));
    expect(findings).toHaveLength(4);
    expect(findings[0]?.description).toBe(
      'Detected directly writing to a Response object from user-defined input.\n',
    );
    expect(findings[2]).toMatchObject({ severity: 'INFORMATIONAL', category: 'semgrep-result' });
    expect(findings[2]?.description).toMatch(/^\(No description provided in semgrep rule/);
    expect(findings[3]).toMatchObject({ severity: 'INFORMATIONAL', category: 'best-practice' });
  });
});

describe.runIf(need('fixtures'))('secureCodeBox export of DefectDojo’s semgrep reports', () => {
  it('semgrep/sca-deployments-vulns.json: supply-chain findings, which secureCodeBox does not read, keep the generic mapping', async () => {
    const { findings } = await ourScb(dojoFile('sca-deployments-vulns.json'), 'semgrep');
    // One per entry of `vulns` (22), where the merged default parse gives DefectDojo's 18.
    const vulns = (
      JSON.parse(readFileSync(dojoFile('sca-deployments-vulns.json'), 'utf8')) as { vulns: unknown[] }
    ).vulns;
    expect(findings).toHaveLength(vulns.length);
    for (const f of findings) {
      expect(f.category).toBe('SCA');
      expect(f.attributes).toEqual({});
      expect(f.location).not.toMatch(/:\d+-\d+$/);
    }
  });

  for (const name of [
    'many_vulns.json',
    'repeated_findings.json',
    'cwe_list.json',
    'high-medium-low-severities.json',
    'fingerprint_test.json',
    'semgrep_version_1_30_0_line_26.json',
    'issue_8435.json',
  ])
    it(`semgrep/${name}: equal field by field`, async () => {
      const { findings } = await compare(dojoFile(name));
      if (name === 'repeated_findings.json') expect(findings).toHaveLength(2);
      if (name === 'many_vulns.json') expect(findings).toHaveLength(48);
    });
});
