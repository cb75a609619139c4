import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('retirejs');
  return collect(findings);
}

const at = (f: Finding | undefined) =>
  f?.location?.kind === 'package' ? [f.location.name, f.location.version, f.location.path] : [];

describe.runIf(need('fixtures'))('retirejs fixtures (DefectDojo)', () => {
  const entries = expectedFor('retirejs');

  it('has the retirejs fixture', () => {
    expect(entries.map((e) => [e.file, e.expected_findings])).toEqual([['retirejs/latest.json', 23]]);
  });

  // 26 vulnerability entries. We merge entries of one component and file with the same id (jquery's
  // CVE-2015-9251 is listed under issues 2432 and 11974, in 3 files); DefectDojo merges by summary,
  // references and file instead (CVE-2020-11022 and -11023, same summary, in 3 files). Both give 23.
  it('latest.json: 23 findings, one per vulnerability of each component and file', async () => {
    const findings = await parseFixture('retirejs/latest.json');
    expect(findings).toHaveLength(23);
    expect(findings.filter((f) => f.ruleId === 'CVE-2015-9251')).toHaveLength(3);
    expect(
      findings.filter((f) => f.ruleId === 'CVE-2020-11022' || f.ruleId === 'CVE-2020-11023'),
    ).toHaveLength(6);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(23);
  });

  it("latest.json: DefectDojo's key assertions (titles, severity, component, file)", async () => {
    const findings = await parseFixture('retirejs/latest.json');
    expect(findings[0]).toMatchObject({
      name: 'Quoteless attributes in templates can lead to XSS (handlebars, 3.0.0)',
      severity: 'medium',
      tool: { id: 'retirejs', version: '2.2.4' },
    });
    expect(at(findings[0])).toEqual([
      'handlebars',
      '3.0.0',
      '/home/damien/dd/.venv/report/scout2-report/inc-handlebars/handlebars-v3.0.0.js',
    ]);
    const tooltip = findings.find(
      (f) => f.name === 'XSS in data-container property of tooltip (bootstrap, 3.0.3)',
    );
    expect(tooltip).toMatchObject({ severity: 'medium', ruleId: 'CVE-2018-14042', cve: ['CVE-2018-14042'] });
    expect(at(tooltip).slice(0, 2)).toEqual(['bootstrap', '3.0.3']);
    const last = findings.at(-1);
    expect(last?.name).toBe('Regex in its jQuery.htmlPrefilter sometimes may introduce XSS (jquery, 1.8.0)');
    expect(at(last).slice(0, 2)).toEqual(['jquery', '1.8.0']);
    expect(
      findings
        .filter((f) => f.severity === 'low')
        .map((f) => f.location?.kind === 'package' && f.location.name),
    ).toEqual(['handlebars', 'handlebars']);
  });
});
