import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { scanner, findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'auto' });
  expect(scanner).toBe('invicti');
  return collect(findings);
}

describe.runIf(need('fixtures'))('Invicti / Netsparker fixtures (DefectDojo)', () => {
  const entries = [...expectedFor('invicti'), ...expectedFor('netsparker')];

  it('has the invicti and netsparker fixtures', () => {
    expect(entries.length).toBe(11);
  });

  // One finding per vulnerability, as DefectDojo: 9/9 asserted counts agree; the two zero-finding
  // files are not asserted by DefectDojo and give 0 here.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    expect(findings).toHaveLength(e.expected_findings ?? 0);
    for (const f of findings)
      expect(f).toMatchObject({ tool: { id: 'invicti', name: 'Invicti' }, category: 'DAST' });
  });

  it.each(['invicti/invicti_one_finding.json', 'netsparker/netsparker_one_finding.json'])(
    '%s: severity, CWE, first-seen date, CVSS vector, URL',
    async (file) => {
      const [f] = await parseFixture(file);
      expect(f).toMatchObject({
        name: 'Cookie Not Marked as HttpOnly',
        ruleId: 'CookieNotMarkedAsHttpOnly',
        severity: 'medium',
        cwe: ['CWE-16'],
        cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:U/C:H/I:N/A:N/E:H/RL:O/RC:C', score: 5.7 },
        location: { kind: 'url', url: 'http://php.testsparker.com/auth/login.php', method: 'GET' },
        stableId: '735f4503-e9eb-4b4c-4306-ad49020a4c4b',
      });
      // identifiedAt is FirstSeenDate (DefectDojo's USE_FIRST_SEEN); the report date is kept too.
      expect(f?.identifiedAt?.slice(0, 10)).toBe('2021-06-16');
      expect(String(f?.attributes.reportGenerated).slice(0, 10)).toBe('2021-06-25');
    },
  );

  it('netsparker_many_findings.json: findings 1 and 2', async () => {
    const findings = await parseFixture('netsparker/netsparker_many_findings.json');
    // We prefer the CVSS 3.1 block where Invicti gives one; DefectDojo keeps the 3.0 vector (same metrics).
    expect(findings[1]).toMatchObject({
      severity: 'critical',
      cwe: ['CWE-89'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 },
      // As reported; DefectDojo decodes %3d to "=" in its endpoint.
      location: {
        kind: 'url',
        url: 'http://php.testsparker.com/artist.php?id=-1%20OR%2017-7%3d10',
        method: 'GET',
        parameter: 'id',
      },
    });
    expect(findings[2]).toMatchObject({
      severity: 'medium',
      cwe: ['CWE-205'],
      location: { url: 'http://php.testsparker.com/' },
    });
  });

  it.each(['netsparker/issue_9816.json', 'netsparker/issue_10311.json', 'invicti/issue_9816.json'])(
    '%s: first finding high, CWE-614, dated by the report (UTC-06:00)',
    async (file) => {
      const [f] = await parseFixture(file);
      expect(f).toMatchObject({
        severity: 'high',
        cwe: ['CWE-614'],
        identifiedAt: '2019-02-03T21:50:29.000Z',
      });
    },
  );

  it('issue_11020.json: low CWE-205 first; "1035, 937" gives two CWEs', async () => {
    const [a, b] = await parseFixture('netsparker/issue_11020.json');
    expect(a).toMatchObject({ severity: 'low', cwe: ['CWE-205'] });
    expect(a?.identifiedAt?.slice(0, 10)).toBe('2024-07-23');
    expect(String(a?.attributes.reportGenerated).slice(0, 10)).toBe('2024-10-08');
    expect(b?.cwe).toEqual(['CWE-1035', 'CWE-937']);
  });

  it('never keeps HTTP request or response content (cookies, tokens)', async () => {
    const text = JSON.stringify(await parseFixture('netsparker/netsparker_many_findings.json'));
    expect(text).not.toContain('PHPSESSID=');
    expect(text).not.toContain('X-Scanner');
  });
});
