import { readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { burpParser } from '../src/scanners/burp.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, url } from './support/parse-report.js';

const data = dataDir('burp');

const parse = (path: string, oneFindingPerRecord = false) =>
  parseDetected('burp', { path }, { oneFindingPerRecord });

describe('Burp Suite XML issues export (own fixtures)', () => {
  it('Burp 2023: one finding per issue, with type, serial number, severity, confidence, CWE, URL', async () => {
    const f = await parse(data('burp-2023-issues.xml'));
    expect(f.map((x) => [x.ruleId, x.stableId, x.severity, x.confidence, x.cwe])).toEqual([
      ['1049088', '1284706394855926784', 'high', 'medium', ['CWE-89']],
      ['5244416', '6349135862211557376', 'low', 'high', ['CWE-16']],
      ['8389632', '8810293847561029384', 'info', 'low', []],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'burp', name: 'Burp Suite', version: '2023.10.3.4' },
      name: 'SQL injection',
      category: 'DAST',
      location: {
        kind: 'url',
        url: 'https://shop.example.test:8443/account/login',
        method: 'POST',
        parameter: 'username',
      },
      references: [
        'https://portswigger.net/web-security/sql-injection',
        'https://cwe.mitre.org/data/definitions/89.html',
        'https://capec.mitre.org/data/definitions/66.html',
      ],
      mitigation:
        'Use a prepared statement in the login handler.\n\nThe most effective way to prevent SQL injection attacks is to use parameterized queries (also known as prepared statements) for all database access.',
      attributes: { serialNumber: '1284706394855926784', ip: '10.20.30.40' },
    });
    expect(f[0]?.description).toMatch(/^The username parameter appears to be vulnerable/);
    expect(url(f[1])?.parameter).toBe('session cookie');
  });

  it('never keeps HTTP requests or responses (cookies, passwords), base64 or not', async () => {
    const raw = readFileSync(data('burp-2023-issues.xml'), 'utf8');
    expect(raw).toContain('Sup3rS3cretPassw0rd');
    const text = JSON.stringify(await parse(data('burp-2023-issues.xml')));
    for (const s of ['Sup3rS3cretPassw0rd', 'SESSION-COOKIE-VALUE-1234', 'R0VUIC8gSFRUUC8x'])
      expect(text).not.toContain(s);
  });

  it('an issue without its host is a ParseError naming the issue', async () => {
    const text =
      '<issues burpVersion="2023.1"><issue><serialNumber>1</serialNumber><type>2</type><name>x</name><severity>High</severity></issue></issues>';
    const e = await collect((await parseReport({ text }, { scannerType: 'burp' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/\/issues\/issue\[1\]\/host/);
  });

  it('another XML root is a ParseError', async () => {
    const e = await collect(
      (await parseReport({ text: '<ScanGroup/>' }, { scannerType: 'burp' })).findings,
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
  });

  it('stays linear on hostile 1 MB fields (slashes, brackets, unclosed tags)', {
    timeout: 10_000,
  }, async () => {
    const MB = 1 << 20;
    const text = `<issues burpVersion="1"><issue><serialNumber>1</serialNumber><type>2</type><name>x</name><host>http://h${'/'.repeat(MB)}x</host><path>${' ['.repeat(MB / 2)}</path><location>${' ['.repeat(MB / 2)}]</location><severity>High</severity><issueDetail>${'&lt;li'.repeat(MB / 8)}</issueDetail><vulnerabilityClassifications>${'CWE-'.repeat(MB / 4)}</vulnerabilityClassifications></issue></issues>`;
    const f = await collect((await parseReport({ text }, { scannerType: 'burp' })).findings);
    expect(f).toHaveLength(1);
  });

  it('auto-detects its own fixtures', async () => {
    expect((await detectScanner({ path: data('burp-2023-issues.xml') })).scanner).toBe('burp');
  });
});

describe.runIf(need('fixtures'))('Burp fixtures (DefectDojo)', () => {
  const entries = expectedFor('burp');

  it('has the five burp fixtures', () => expect(entries).toHaveLength(5));

  // One finding per Burp issue (one type at one URL, Burp's own serialNumber): DefectDojo merges every
  // issue of one type into one finding with many endpoints, so it counts types, not issues.
  const ours: Record<string, number> = {
    'burp/issue4399.xml': 441,
    'burp/one_finding.xml': 3,
    'burp/one_finding_with_blank_response.xml': 1,
    'burp/one_finding_with_cwe.xml': 1,
    'burp/seven_findings.xml': 16,
  };
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parse(fixturePath(file));
    expect(findings).toHaveLength(ours[file]!);
    // DefectDojo's count is the number of distinct issue types.
    expect(new Set(findings.map((f) => f.ruleId)).size).toBe(e.expected_findings);
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('burp');
  });

  it('one_finding_with_cwe.xml: serial number, type, title, CWE-524 first, info', async () => {
    const [f] = await parse(fixturePath('burp/one_finding_with_cwe.xml'));
    expect(f).toMatchObject({
      stableId: '456437653765735',
      ruleId: '7340288',
      name: 'Cacheable HTTPS response',
      severity: 'info',
      cwe: ['CWE-524', 'CWE-525'],
      location: { url: 'https://example.com/test/v4/public/users/fake', method: 'GET' },
    });
  });

  it('one_finding_with_blank_response.xml: SQL injection, high, serial number', async () => {
    const [f] = await parse(fixturePath('burp/one_finding_with_blank_response.xml'));
    expect(f).toMatchObject({
      stableId: '7121655797013284864',
      ruleId: '1049088',
      name: 'SQL injection',
      severity: 'high',
    });
  });

  it('one_finding.xml: the three issues of type 1049088 are three URLs/parameters', async () => {
    const f = await parse(fixturePath('burp/one_finding.xml'));
    expect(f.map((x) => [x.ruleId, url(x)?.url, url(x)?.parameter])).toEqual([
      ['1049088', 'http://bwa/bodgeit/basket.jsp', 'b_id cookie'],
      ['1049088', 'http://bwa/bodgeit/login.jsp', 'password'],
      ['1049088', 'http://bwa/bodgeit/login.jsp', 'username'],
    ]);
  });

  it('issue4399.xml: the first issues of DefectDojo findings 0, 10 and 19', async () => {
    const f = await parse(fixturePath('burp/issue4399.xml'));
    const bySerial = (s: string) => f.find((x) => x.stableId === s);
    expect(bySerial('4060931308708695040')).toMatchObject({
      ruleId: '16777728',
      name: 'Unencrypted communications',
      cwe: ['CWE-326'],
      severity: 'low',
    });
    expect(bySerial('3648136005422773248')).toMatchObject({
      ruleId: '4197376',
      name: 'Input returned in response (reflected)',
      cwe: ['CWE-20', 'CWE-116'], // DefectDojo keeps the first
      severity: 'info',
    });
    expect(bySerial('5394761637085678592')).toMatchObject({
      ruleId: '3146256',
      name: 'External service interaction (HTTP)',
      cwe: ['CWE-918', 'CWE-406'],
      severity: 'high',
    });
    expect(JSON.stringify(f)).not.toMatch(/Cookie: /);
  });

  it('seven_findings.xml: Frameable response first, info', async () => {
    const [f] = await parse(fixturePath('burp/seven_findings.xml'));
    expect(f).toMatchObject({ ruleId: '5245344', severity: 'info' });
    expect(f?.name).toBe('Frameable response (potential Clickjacking)');
  });

  it('detection is exclusive', () => {
    for (const { file, head } of foreignHeads(['burp'], ['burp']))
      expect(burpParser.detect(head), file).toBe(0);
  });
});
