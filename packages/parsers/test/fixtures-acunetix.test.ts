import { readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { acunetixParser } from '../src/scanners/acunetix.js';
import { expectedFor, fixturePath, foreignHeads, SAME_FORMAT_AS } from './expected.js';
import { dataDir, parseDetected, url } from './support/parse-report.js';

const data = dataDir('acunetix');

const parse = (path: string, scannerType = 'auto') => parseDetected('acunetix', { path }, { scannerType });

describe('Acunetix XML export (own fixtures)', () => {
  it('two scans: each item has its own scan start URL and date', async () => {
    const f = await parse(data('acunetix-two-scans.xml'));
    expect(f.map((x) => [x.name, x.severity, x.cwe, url(x)?.url, x.identifiedAt])).toEqual([
      [
        'SQL injection',
        'high',
        ['CWE-89'],
        'https://portal.example.test:8443/login',
        '2023-03-13T22:15:03.000Z',
      ],
      [
        'Vulnerable JavaScript libraries',
        'info',
        ['CWE-937'],
        'https://portal.example.test:8443/static/js/jquery.min.js',
        '2023-03-13T22:15:03.000Z',
      ],
      [
        'Directory listing',
        'medium',
        ['CWE-548'],
        'http://blog.example.test/uploads/',
        '2023-03-14T08:00:00.000Z',
      ],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'acunetix', name: 'Acunetix' },
      ruleId: 'SQL injection',
      category: 'DAST',
      location: { parameter: 'user' },
      cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      references: ['https://www.acunetix.com/websitesecurity/sql-injection/'],
      mitigation: 'Use parameterized queries when dealing with SQL queries that contain user input.',
      attributes: { moduleName: '/Scripts/PerScheme/Sql_Injection.script', type: 'sqlinjection' },
    });
    expect(f[1]).toMatchObject({
      cve: ['CVE-2019-11358', 'CVE-2020-11022'],
      attributes: { falsePositive: true },
    });
    expect(f[2]?.attributes).toMatchObject({ scanName: 'blog once', startUrl: 'http://blog.example.test' });
  });

  it('never keeps the HTTP request of TechnicalDetails (cookies, passwords)', async () => {
    expect(readFileSync(data('acunetix-two-scans.xml'), 'utf8')).toContain('Acunetix-Test-Passw0rd');
    const text = JSON.stringify(await parse(data('acunetix-two-scans.xml')));
    expect(text).not.toContain('Acunetix-Test-Passw0rd');
    expect(text).not.toContain('acunetix-session-cookie-77');
  });

  it('an item without a name is a ParseError naming the item', async () => {
    const text =
      '<ScanGroup><Scan><StartURL>http://a.test</StartURL><ReportItems><ReportItem><Severity>high</Severity></ReportItem></ReportItems></Scan></ScanGroup>';
    const e = await collect((await parseReport({ text }, { scannerType: 'acunetix' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/ReportItem\[1\]\/Name/);
  });

  it('an Acunetix 360 JSON vulnerability without a Url is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      Generated: 'x',
      Target: {},
      Vulnerabilities: [{ Name: 'x', Severity: 'High' }],
    });
    const e = await collect((await parseReport({ text }, { scannerType: 'acunetix' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/\$\.Vulnerabilities\[0\]\.Url/);
  });

  it('auto-detects its own fixtures', async () => {
    expect((await detectScanner({ path: data('acunetix-two-scans.xml') })).scanner).toBe('acunetix');
  });
});

describe.runIf(need('fixtures'))('Acunetix fixtures (DefectDojo)', () => {
  const entries = expectedFor('acunetix');
  const xml = entries.filter((e) => e.file.endsWith('.xml'));
  const json = entries.filter((e) => e.file.endsWith('.json'));

  it('has the acunetix fixtures (7 XML, 10 Acunetix 360 JSON)', () => {
    expect([xml.length, json.length]).toEqual([7, 10]);
  });

  // One finding per ReportItem, merged when the same alert is on the same URL and parameter.
  // DefectDojo merges by title, impact and recommendation over all URLs: "HTML form without CSRF
  // protection" is on two URLs in the example_co_id files, two findings here (8, DefectDojo 7).
  const ours: Record<string, number> = {
    'acunetix/XML_http_example_co_id_.xml': 8,
    'acunetix/XML_http_example_co_id_port_num.xml': 8,
    'acunetix/watson_test_unique.xml': 1,
  };
  it.each(xml.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('acunetix');
    expect(await parse(fixturePath(file))).toHaveLength(ours[file] ?? e.expected_findings!);
  });

  // Acunetix 360 writes Invicti's JSON: auto-detection gives it to invicti; --scanner-type acunetix
  // reads it with the same count, as Acunetix 360 findings.
  it.each(json.map((e) => [e.file, e] as const))('%s (--scanner-type acunetix)', async (file, e) => {
    expect(SAME_FORMAT_AS[file]).toBe('invicti');
    const findings = await parse(fixturePath(file), 'acunetix');
    if (e.expected_findings !== null) expect(findings).toHaveLength(e.expected_findings);
    const invicti = await collect(
      (await parseReport({ path: fixturePath(file) }, { scannerType: 'invicti' })).findings,
    );
    expect(findings).toHaveLength(invicti.length);
    for (const f of findings) expect(f.tool).toEqual({ id: 'acunetix', name: 'Acunetix 360' });
  });

  it('XML_http_example_co_id_.xml: CSRF on two URLs (3 items), CSP info last', async () => {
    const f = await parse(fixturePath('acunetix/XML_http_example_co_id_.xml'));
    const csrf = f.filter((x) => x.name === 'HTML form without CSRF protection');
    expect(csrf.map((x) => [url(x)?.url, x.occurrences])).toEqual([
      ['http://example.co.id/h/search', 1],
      ['http://example.co.id/m/zmain', 2],
    ]);
    expect(csrf[0]).toMatchObject({
      severity: 'medium',
      cwe: ['CWE-352'],
      cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N' },
    });
    expect(csrf[0]?.identifiedAt?.slice(0, 10)).toBe('2020-04-28');
    expect(f.at(-1)).toMatchObject({
      name: 'Content Security Policy (CSP) not implemented',
      severity: 'info',
      location: { url: 'http://example.co.id/' },
    });
    const port = await parse(fixturePath('acunetix/XML_http_example_co_id_port_num.xml'));
    expect(url(port[0])?.url).toBe('http://example.co.id:9000/h/search');
  });

  it('many_findings.xml: slow HTTP DoS medium, virtual host CWE-200, unencrypted CWE-310', async () => {
    const f = await parse(fixturePath('acunetix/many_findings.xml'));
    expect(f[0]).toMatchObject({
      severity: 'medium',
      cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      location: { url: 'http://www.itsecgames.com/' },
    });
    expect(f[0]?.identifiedAt?.slice(0, 10)).toBe('2020-02-27');
    expect(f[1]).toMatchObject({ name: 'Possible virtual host found', severity: 'low', cwe: ['CWE-200'] });
    expect(f[2]).toMatchObject({
      name: 'Unencrypted connection (verified)',
      severity: 'low',
      cwe: ['CWE-310'],
      references: [],
    });
    const port = await parse(fixturePath('acunetix/many_findings_with_port_number.xml'));
    expect(url(port[0])?.url).toBe('http://www.itsecgames.com:8080/');
  });

  it('one_finding.xml: medium CSRF on https://vijaytest.com/some/path, dated 2018-09-24', async () => {
    const [f] = await parse(fixturePath('acunetix/one_finding.xml'));
    expect(f).toMatchObject({
      severity: 'medium',
      cwe: ['CWE-352'],
      references: ['https://vijayref.com'],
      location: { url: 'https://vijaytest.com/some/path' },
      attributes: { impact: 'Vijay Test Imapact' },
    });
    expect(f?.identifiedAt?.slice(0, 10)).toBe('2018-09-24');
    expect(f?.attributes.falsePositive).toBeUndefined();
  });

  it('watson_test_unique.xml: one finding named WatsonUniqueReportItem2025', async () => {
    const [f] = await parse(fixturePath('acunetix/watson_test_unique.xml'));
    expect(f?.name).toContain('WatsonUniqueReportItem2025');
  });

  it('acunetix360_one_finding.json: medium CWE-16, URL, first seen, Acunetix 360 issue link', async () => {
    const [f] = await parse(fixturePath('acunetix/acunetix360_one_finding.json'), 'acunetix');
    expect(f).toMatchObject({
      severity: 'medium',
      cwe: ['CWE-16'],
      cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:U/C:H/I:N/A:N/E:H/RL:O/RC:C' },
      location: { url: 'http://php.testsparker.com/auth/login.php' },
    });
    expect(f?.identifiedAt?.slice(0, 16)).toBe('2021-06-16T12:30');
    expect(f?.references).toContain(
      'https://online.acunetix360.com/issues/detail/735f4503-e9eb-4b4c-4306-ad49020a4c4b',
    );
    const [g] = await parse(fixturePath('acunetix/issue_11206.json'), 'acunetix');
    expect(g?.identifiedAt?.slice(0, 16)).toBe('2021-06-12T12:30');
    const [m] = await parse(fixturePath('acunetix/acunetix360_multiple_cwe.json'), 'acunetix');
    expect(m?.cwe).toEqual(['CWE-16', 'CWE-200']);
  });

  it('detection is exclusive (Acunetix 360 JSON is invicti by design)', () => {
    for (const { file, head } of foreignHeads(['acunetix'], ['acunetix']))
      expect(acunetixParser.detect(head), file).toBe(0);
    for (const e of json)
      expect(acunetixParser.detect(readFileSync(fixturePath(e.file), 'utf8').slice(0, 65536))).toBe(0);
  });
});
