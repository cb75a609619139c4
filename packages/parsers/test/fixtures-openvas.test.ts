import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { openvasParser } from '../src/scanners/openvas.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { host, parseDetected } from './support/parse-report.js';

const ID = 'openvas';
const small = new URL('./data/small/openvas.xml', import.meta.url).pathname;

const parse = (source: { path: string } | { text: string }, oneFindingPerRecord = false) =>
  parseDetected(ID, source, { oneFindingPerRecord });

describe('OpenVAS XML (own sample, GMP 22.4)', () => {
  it('reads NVT, host, port, threat, CVEs, URL refs, CVSS and solution', async () => {
    const [tls, os] = await parse({ path: small });
    expect(tls).toMatchObject({
      ruleId: '1.3.6.1.4.1.25623.1.0.103440',
      name: 'SSL/TLS: Report Weak Cipher Suites',
      severity: 'medium',
      category: 'Network',
      cve: ['CVE-2013-2566', 'CVE-2015-2808'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 5.9 },
      references: [
        'https://www.bsi.bund.de/SharedDocs/Downloads/DE/BSI/Publikationen/TechnischeRichtlinien/TR02102/BSI-TR-02102-2.pdf',
      ],
      identifiedAt: '2024-03-04T09:12:40.000Z',
      attributes: { hostname: 'mail.example.test', qod: '98', solutionType: 'Mitigation' },
    });
    expect(tls?.mitigation).toMatch(/^The configuration of this services should be changed/);
    expect(host(tls)).toEqual({ kind: 'host', host: '192.0.2.10', port: 443, protocol: 'tcp' });
    // A Log result is informational; general/tcp has no port number.
    expect(os).toMatchObject({ severity: 'info', cvss: { version: '2.0', score: 0 } });
    expect(host(os)).toEqual({ kind: 'host', host: '192.0.2.10', protocol: 'tcp' });
    expect(os?.attributes.portName).toBe('general/tcp');
  });

  it('malformed XML is a ParseError with its line', async () => {
    const { findings } = await parseReport(
      { text: '<report format_id="a994b278-1f62-11e1-96ac-406186ea4fc5">\n<results>\n<result>\n</report>' },
      { scannerType: ID },
    );
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^openvas: at line \d+: expected well-formed XML/);
  });

  it('a CSV row without IP or hostname is a ParseError with its line', async () => {
    const text =
      'IP,Hostname,Port,Port Protocol,CVSS,Severity,NVT Name,NVT OID\n,,22,tcp,4.3,Medium,SSH,1.2.3\n';
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect((e as ParseError).detail).toMatch(/^openvas: at line 2: expected an OpenVAS CSV result/);
  });
});

describe.runIf(need('fixtures'))('OpenVAS fixtures (DefectDojo)', () => {
  const entries = expectedFor('openvas');

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parse({ path: fixturePath(file) })).toHaveLength(e.expected_findings!);
  });

  it('many_vuln.csv: hostname kept beside the IP, port, High; CVEs', async () => {
    const f = await parse({ path: fixturePath('openvas/many_vuln.csv') });
    expect(f[3]).toMatchObject({
      name: 'HTTP Brute Force Logins With Default Credentials Reporting',
      severity: 'high',
    });
    expect(host(f[3])).toMatchObject({ port: 9200, protocol: 'tcp' });
    expect(String(f[3]?.attributes.hostname).toLowerCase()).toBe('logsrv');
    expect(f[2]?.cve[0]).toBe('CVE-2011-3389');
  });

  it('one_vuln.csv and one_vuln.xml', async () => {
    const [csv] = await parse({ path: fixturePath('openvas/one_vuln.csv') });
    expect(csv).toMatchObject({ name: 'SSH Weak Encryption Algorithms Supported', severity: 'medium' });
    expect(host(csv)).toEqual({ kind: 'host', host: '10.0.0.8', port: 22, protocol: 'tcp' });
    const [xml] = await parse({ path: fixturePath('openvas/one_vuln.xml') });
    expect(xml).toMatchObject({
      name: 'Mozilla Firefox Security Update (mfsa_2023-32_2023-36) - Windows',
      severity: 'high',
    });
    expect(host(xml)).toEqual({ kind: 'host', host: '10.0.101.2', protocol: 'tcp' });
  });

  it('many_vuln.xml: 44 results on their hosts and ports', async () => {
    const f = await parse({ path: fixturePath('openvas/many_vuln.xml') });
    const l = host(f[0]);
    expect(`${l?.protocol}://${l?.host}:${l?.port}`).toBe('tcp://192.168.1.1001:512');
  });

  it('report_detail_v2: the CSV and the XML give the same finding (OpenVAS has no Critical)', async () => {
    const [csv] = await parse({ path: fixturePath('openvas/report_detail_v2.csv') });
    const [xml] = await parse({ path: fixturePath('openvas/report_detail_v2.xml') });
    for (const f of [csv, xml]) {
      expect(f).toMatchObject({
        ruleId: '1.3.6.1.4.1.25623.1.0.836484',
        name: 'Microsoft Windows Multiple Vulnerabilities (KB5062557)',
        severity: 'high',
        cvss: { score: 9.8 },
        attributes: { hostname: 'server99', epssScore: '0.00143', epssPercentile: '0.35177' },
      });
      expect(f?.cve).toHaveLength(93);
      expect(f?.cve[1]).toBe('CVE-2025-48823');
      expect(host(f)).toEqual({ kind: 'host', host: '10.99.99.99', port: 42, protocol: 'tcp' });
    }
    expect(xml?.fingerprint).toBe(csv?.fingerprint);
    expect(xml?.cve).toEqual(csv?.cve);
  });

  it('report_combine_v2.csv: two rows of one result are one finding with 2 occurrences', async () => {
    const [f] = await parse({ path: fixturePath('openvas/report_combine_v2.csv') });
    expect(f?.occurrences).toBe(2);
    expect(await parse({ path: fixturePath('openvas/report_combine_v2.csv') }, true)).toHaveLength(2);
  });

  it('report_using_CVE.csv and report_using_openVAS.csv', async () => {
    const cve = await parse({ path: fixturePath('openvas/report_using_CVE.csv') });
    expect(cve[4]).toMatchObject({ name: 'CVE-2014-0117', severity: 'medium', cvss: { score: 4.3 } });
    expect(cve[4]?.cve[0]).toBe('CVE-2014-0117');
    const ov = await parse({ path: fixturePath('openvas/report_using_openVAS.csv') });
    expect(ov[2]).toMatchObject({
      name: 'Apache HTTP Server Detection Consolidation',
      severity: 'info',
      cve: [],
    });
  });

  it('detects every file of its folder, and no other report', async () => {
    const dir = fixturePath('openvas');
    for (const f of readdirSync(dir))
      expect((await detectScanner({ path: `${dir}/${f}` })).scanner, f).toBe(ID);
    for (const { file, head } of foreignHeads(['openvas'], [ID]))
      expect(openvasParser.detect(head), file).toBe(0);
  });
});
