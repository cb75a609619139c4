import { readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { wpscanParser } from '../src/scanners/wpscan.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg, url } from './support/parse-report.js';

const data = dataDir('wpscan');

const parse = (path: string, onWarning?: (m: string) => void) =>
  parseDetected('wpscan', { path }, { onWarning });

describe('wpscan --format json (own fixtures)', () => {
  it('3.8.25: core, main theme, theme and plugin vulnerabilities with CVSS, fixed_in, CVE', async () => {
    const f = await parse(data('wpscan-3.8.25-themes.json'));
    expect(f.map((x) => [x.ruleId, x.severity, pkg(x)?.name, pkg(x)?.version, pkg(x)?.fixedVersion])).toEqual(
      [
        ['headers', 'info', undefined, undefined, undefined],
        ['xmlrpc', 'info', undefined, undefined, undefined],
        ['c8814e6e-78b3-4f63-a1d3-6906a84c1f11', 'medium', 'wordpress', '6.1.1', '6.1.2'],
        // main_theme and themes.astra list the same vulnerability: merged.
        ['0c3e1f6a-2b7d-4f1e-9c8a-6a1e0d9b3a55', 'medium', 'astra', '4.0.2', '4.1.6'],
        ['7391118e-eef5-4ff8-a8ea-f6b65f442c63', 'critical', 'contact-form-7', '5.3.1', '5.3.2'],
      ],
    );
    expect(f[3]?.occurrences).toBe(2);
    expect(f[4]).toMatchObject({
      tool: { id: 'wpscan', name: 'WPScan', version: '3.8.25' },
      name: 'Contact Form 7 < 5.3.2 - Unrestricted File Upload',
      category: 'Dependency',
      confidence: 'high',
      cve: ['CVE-2020-35489'],
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      location: { ecosystem: 'WordPress plugin', path: 'https://blog.example.test/' },
      mitigation: 'Update contact-form-7 to 5.3.2 or later.',
      identifiedAt: '2023-11-14T22:13:20.000Z',
    });
    expect(f[4]?.references).toContain(
      'https://wpscan.com/vulnerability/7391118e-eef5-4ff8-a8ea-f6b65f442c63',
    );
    expect(f[1]).toMatchObject({
      name: 'Interesting finding: XML-RPC seems to be enabled: https://blog.example.test/xmlrpc.php',
      category: 'DAST',
      location: { kind: 'url', url: 'https://blog.example.test/xmlrpc.php' },
      references: ['http://codex.wordpress.org/XML-RPC_Pingback_API'],
    });
  });

  it('no API token: a warning; a config backup is high; a found password is kept only redacted', async () => {
    const warnings: string[] = [];
    const f = await parse(data('wpscan-no-api-token.json'), (m) => warnings.push(m));
    expect(warnings).toEqual([
      'wpscan: the report has no vulnerability data (no WPScan API token, or the API failed); only interesting findings are imported',
    ]);
    expect(f.map((x) => [x.ruleId, x.severity, url(x)?.url])).toEqual([
      ['readme', 'info', 'http://shop.example.test/readme.html'],
      ['config_backups', 'high', 'http://shop.example.test/wp-config.php.bak'],
      ['password_attack', 'critical', 'http://shop.example.test/'],
    ]);
    expect(readFileSync(data('wpscan-no-api-token.json'), 'utf8')).toContain('Winter2023!wp-admin');
    expect(JSON.stringify(f)).not.toContain('Winter2023!wp-admin');
    expect(f[2]).toMatchObject({ category: 'Secrets', location: { parameter: 'admin' } });
    expect(f[2]?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a vulnerability without a title is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      target_url: 'http://a.test/',
      plugins: { x: { slug: 'x', vulnerabilities: [{ references: {} }] } },
    });
    const e = await collect((await parseReport({ text }, { scannerType: 'wpscan' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/\$\.plugins\.x\.vulnerabilities\[0\]\.title/);
  });

  it('a JSON document that is not a wpscan report is a ParseError', async () => {
    const e = await collect((await parseReport({ text: '[1,2]' }, { scannerType: 'wpscan' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
  });

  it.each(['wpscan-3.8.25-themes.json', 'wpscan-no-api-token.json'])('auto-detects %s', async (name) => {
    expect((await detectScanner({ path: data(name) })).scanner).toBe('wpscan');
  });
});

describe.runIf(need('fixtures'))('WPScan fixtures (DefectDojo)', () => {
  const entries = expectedFor('wpscan');

  it('has the nine wpscan fixtures', () => expect(entries).toHaveLength(9));

  // DefectDojo reads plugins, the WordPress version and interesting findings, not main_theme: the
  // main theme's vulnerability is one more finding here in wordpress_many_vuln.json (9, DefectDojo 8)
  // and wordpress_vuln_version.json (12, DefectDojo 11). wordpress.json is not asserted upstream.
  const ours: Record<string, number> = {
    'wpscan/wordpress_many_vuln.json': 9,
    'wpscan/wordpress_vuln_version.json': 12,
    'wpscan/wordpress.json': 5,
  };
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('wpscan');
    const findings = await parse(fixturePath(file));
    expect(findings).toHaveLength(ours[file] ?? e.expected_findings!);
    const mainTheme = findings.filter((f) => pkg(f)?.ecosystem === 'WordPress theme').length;
    if (e.expected_findings !== null) expect(findings.length - mainTheme).toBe(e.expected_findings);
  });

  it('empty.json (aborted scan): no findings and a warning', async () => {
    const warnings: string[] = [];
    expect(await parse(fixturePath('wpscan/empty.json'), (m) => warnings.push(m))).toEqual([]);
    expect(warnings[0]).toMatch(/^wpscan: the scan was aborted/);
  });

  it('issue5774.json: All in One SEO vulnerability, MediaElement CVEs, fixed in 4.7.20', async () => {
    const f = await parse(fixturePath('wpscan/issue5774.json'));
    const byId = (id: string) => f.find((x) => x.ruleId === id);
    expect(byId('16353d45-75d1-4820-b93f-daad90c322a8')).toMatchObject({
      name: 'All in One SEO Pack <= 2.9.1.1 - Authenticated Stored Cross-Site Scripting (XSS)',
      location: { fixedVersion: '2.10' },
      severity: 'medium',
    });
    expect(
      f.find((x) => x.name === 'WordPress 3.7-4.9.1 - MediaElement Cross-Site Scripting (XSS)')?.cve,
    ).toEqual(['CVE-2018-5776', 'CVE-2016-9263']);
    expect(
      f.find((x) => x.name === 'WordPress 4.7-5.7 - Authenticated Password Protected Pages Exposure'),
    ).toMatchObject({ location: { name: 'wordpress', fixedVersion: '4.7.20' }, confidence: 'high' });
  });

  it('sample.json: interesting findings are info, dated by start_time', async () => {
    const [f] = await parse(fixturePath('wpscan/sample.json'));
    expect(f).toMatchObject({ name: 'Interesting finding: Headers', severity: 'info' });
    expect(f?.stableId).toBeUndefined();
    expect(f?.identifiedAt).toBe('2021-03-26T11:50:50.000Z');
  });

  it('wordpress_one_vuln.json: YouTube Embed CSRF, WPVulnDB 8873, fixed in 11.8.2', async () => {
    const f = await parse(fixturePath('wpscan/wordpress_one_vuln.json'));
    expect(f.find((x) => x.ruleId === '8873')).toMatchObject({
      name: 'YouTube Embed <= 11.8.1 - Cross-Site Request Forgery (CSRF)',
      severity: 'medium',
      location: { name: 'youtube-embed-plus', fixedVersion: '11.8.2' },
      identifiedAt: '2019-07-02T19:11:16.000Z',
      references: expect.arrayContaining(['https://wpscan.com/vulnerability/8873']),
    });
  });

  it('wordpress_vuln_version.json: core vulnerability fixed in 4.6.4', async () => {
    const f = await parse(fixturePath('wpscan/wordpress_vuln_version.json'));
    expect(f.find((x) => x.ruleId === 'd40374cf-ee95-40b7-9dd5-dbb160b877b1')).toMatchObject({
      name: 'WordPress 2.8.1-4.7.2 - Control Characters in Redirect URL Validation',
      location: { name: 'wordpress', fixedVersion: '4.6.4' },
    });
  });

  it('wpscan.json: Contact Form 7 CVE-2020-35489; readme interesting finding', async () => {
    const f = await parse(fixturePath('wpscan/wpscan.json'));
    expect(f.find((x) => x.ruleId === '7391118e-eef5-4ff8-a8ea-f6b65f442c63')).toMatchObject({
      name: 'Contact Form 7 < 5.3.2 - Unrestricted File Upload',
      cve: ['CVE-2020-35489'],
      identifiedAt: '2021-03-17T12:21:06.000Z',
    });
    expect(f.find((x) => x.ruleId === 'readme')).toMatchObject({
      name: 'Interesting finding: WordPress readme found: http://example/readme.html',
      severity: 'info',
    });
  });

  it('detection is exclusive', () => {
    for (const { file, head } of foreignHeads(['wpscan'], ['wpscan']))
      expect(wpscanParser.detect(head), file).toBe(0);
  });
});
