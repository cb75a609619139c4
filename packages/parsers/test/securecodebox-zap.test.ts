import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSecureCodeBox } from '@scanrelay/findings-schema';
import { fixturesDir, need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { type ScbZapParser, scbZap } from './securecodebox/oracle-zap.js';
import { oracleJson, ourScb } from './securecodebox/our-scb.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ownFile = (name: string) => path.join(here, 'data/securecodebox', name);
const dojoFile = (name: string) => path.join(fixturesDir, 'defectdojo/zap', name);

/**
 * Our export of `file` against the oracle of secureCodeBox's parser, finding by finding. The
 * older `zap` parser wrote neither `references`, `mitigation` nor `hint`: for it those are left out
 * of our side of the comparison.
 */
async function compare(file: string, parser: ScbZapParser = 'zap-automation-framework') {
  const ours = await ourScb(file, 'zap');
  const oracle = scbZap(readFileSync(file, 'utf8'), parser);
  const expected = oracleJson(oracle.map(({ hint: _hint, ...f }) => f));
  const findings =
    parser === 'zap' ? ours.findings.map(({ references: _r, mitigation: _m, ...f }) => f) : ours.findings;
  expect(findings).toHaveLength(expected.length);
  expect(findings).toEqual(expected);
  // `hint` is a top-level field outside the parser fields `ourScb` picks: checked here.
  const exported = toSecureCodeBox(ours.canonical, { name: 'scan', scanType: 'zap' });
  if (parser === 'zap-automation-framework') for (const f of exported) expect(f).toHaveProperty('hint', null);
  return { ...ours, exported };
}

describe('the zap oracle reproduces secureCodeBox’s snapshots', () => {
  // Test file: secureCodeBox's scanners/zap-automation-framework/parser/__testFiles__/nginx.xml
  // (its first three alerts, license header kept); expected values from that parser's
  // __snapshots__/parser.test.js.snap, "Parsing a nginx result".
  const nginx = () => readFileSync(ownFile('zap-scb-nginx.xml'), 'utf8');

  it('zap-automation-framework: nginx.xml, field by field', () => {
    const findings = scbZap(nginx());
    expect(findings).toHaveLength(3);
    expect(findings[0]).toEqual({
      attributes: {
        hostname: 'nginx.demo-targets.svc',
        port: '80',
        zap_confidence: '2',
        zap_count: '2',
        zap_cweid: '16',
        zap_finding_urls: [
          { method: 'GET', param: 'X-Frame-Options', uri: 'http://nginx.demo-targets.svc' },
          { method: 'GET', param: 'X-Frame-Options', uri: 'http://nginx.demo-targets.svc/' },
        ],
        zap_otherinfo: null,
        zap_pluginid: '10020',
        zap_reference: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options',
        zap_riskcode: '2',
        zap_solution:
          "Most modern Web browsers support the X-Frame-Options HTTP header. Ensure it's set on all web pages returned by your site (if you expect the page to be framed only by pages on your server (e.g. it's part of a FRAMESET) then you'll want to use SAMEORIGIN, otherwise if you never expect the page to be framed, you should use DENY. ALLOW-FROM allows specific websites to frame the web page in supported web browsers).",
        zap_wascid: '15',
      },
      category: 'X-Frame-Options Header Not Set',
      description:
        "X-Frame-Options header is not included in the HTTP response to protect against 'ClickJacking' attacks.",
      hint: null,
      location: 'http://nginx.demo-targets.svc',
      mitigation:
        "Most modern Web browsers support the X-Frame-Options HTTP header. Ensure it's set on all web pages returned by your site (if you expect the page to be framed only by pages on your server (e.g. it's part of a FRAMESET) then you'll want to use SAMEORIGIN, otherwise if you never expect the page to be framed, you should use DENY. ALLOW-FROM allows specific websites to frame the web page in supported web browsers).",
      name: 'X-Frame-Options Header Not Set',
      osi_layer: 'APPLICATION',
      references: [
        { type: 'URL', value: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options' },
        { type: 'CWE', value: 'CWE-16' },
        { type: 'URL', value: 'https://cwe.mitre.org/data/definitions/16.html' },
      ],
      severity: 'MEDIUM',
    });
    expect(findings[1]).toMatchObject({
      name: 'Server Leaks Version Information via "Server" HTTP Response Header Field',
      severity: 'LOW',
      attributes: {
        zap_count: '4',
        zap_reference:
          'http://httpd.apache.org/docs/current/mod/core.html#servertokenshttp://msdn.microsoft.com/en-us/library/ff648552.aspx#ht_urlscan_007http://blogs.msdn.com/b/varunm/archive/2013/04/23/remove-unwanted-http-response-headers.aspxhttp://www.troyhunt.com/2012/02/shhh-dont-let-your-response-headers.html',
      },
    });
    expect(findings[1]?.references?.map((r) => r.value)).toEqual([
      'http://httpd.apache.org/docs/current/mod/core.html#servertokens',
      'http://msdn.microsoft.com/en-us/library/ff648552.aspx#ht_urlscan_007',
      'http://blogs.msdn.com/b/varunm/archive/2013/04/23/remove-unwanted-http-response-headers.aspx',
      'http://www.troyhunt.com/2012/02/shhh-dont-let-your-response-headers.html',
      'CWE-200',
      'https://cwe.mitre.org/data/definitions/200.html',
    ]);
    expect(findings[1]?.attributes.zap_finding_urls).toEqual([
      { evidence: 'nginx/1.19.3', method: 'GET', uri: 'http://nginx.demo-targets.svc/' },
      { evidence: 'nginx/1.19.3', method: 'GET', uri: 'http://nginx.demo-targets.svc/robots.txt' },
      { evidence: 'nginx/1.19.3', method: 'GET', uri: 'http://nginx.demo-targets.svc' },
      { evidence: 'nginx/1.19.3', method: 'GET', uri: 'http://nginx.demo-targets.svc/sitemap.xml' },
    ]);
    expect(findings[2]?.attributes.zap_otherinfo).toBe(
      'This issue still applies to error type pages (401, 403, 500, etc.) as those pages are often still affected by injection issues, in which case there is still concern for browsers sniffing pages away from their actual content type.At "High" threshold this scan rule will not alert on client or server error responses.',
    );
  });

  it('zap (the removed scanner): the same without references, mitigation and hint', () => {
    const [first] = scbZap(nginx(), 'zap');
    expect(first).not.toHaveProperty('references');
    expect(first).not.toHaveProperty('mitigation');
    expect(first).not.toHaveProperty('hint');
    expect(first).toMatchObject({
      name: 'X-Frame-Options Header Not Set',
      location: 'http://nginx.demo-targets.svc',
      attributes: { hostname: 'nginx.demo-targets.svc', port: '80', zap_pluginid: '10020' },
    });
  });
});

describe('secureCodeBox export of ZAP XML reports equals secureCodeBox’s parser', () => {
  it('secureCodeBox’s nginx.xml (license comment before the declaration), both parsers', async () => {
    const { findings } = await compare(ownFile('zap-scb-nginx.xml'));
    expect(findings.map((f) => [f.name, f.severity])).toEqual([
      ['X-Frame-Options Header Not Set', 'MEDIUM'],
      ['Server Leaks Version Information via "Server" HTTP Response Header Field', 'LOW'],
      ['X-Content-Type-Options Header Missing', 'LOW'],
    ]);
    await compare(ownFile('zap-scb-nginx.xml'), 'zap');
  });

  it('a ZAP 2.15 report with BOM, license header and stylesheet PI: three sites, edge fields', async () => {
    const { findings, scanrelay } = await compare(ownFile('zap-2.15-license-header.xml'));
    expect(findings.map((f) => [f.location, f.name, f.severity])).toEqual([
      ['https://shop.staging.example', 'Cross Site Scripting (Reflected)', 'HIGH'],
      ['https://shop.staging.example', 'Information Disclosure - Suspicious Comments', 'INFORMATIONAL'],
      ['https://cdn.staging.example', 'Storable and Cacheable Content', 'INFORMATIONAL'],
    ]);
    // HTML tags removed, nothing else: paragraphs run together as in secureCodeBox.
    expect(findings[0]?.description).toMatch(/user's browser instance\.When an attacker/);
    // zap_otherinfo is cut at 2048 characters and marked.
    const otherinfo = findings[1]?.attributes.zap_otherinfo as string;
    expect(otherinfo).toHaveLength(2051);
    expect(otherinfo.endsWith('...')).toBe(true);
    // An empty reference: no URL references, only the CWE; cweid -1: no CWE reference.
    expect(findings[1]?.references).toEqual([
      { type: 'CWE', value: 'CWE-200' },
      { type: 'URL', value: 'https://cwe.mitre.org/data/definitions/200.html' },
    ]);
    expect(findings[2]?.references).toEqual([
      { type: 'URL', value: 'https://datatracker.ietf.org/doc/html/rfc7234' },
      { type: 'URL', value: '' },
    ]);
    // Instances as written: empty fields kept as empty strings, per-instance otherinfo kept.
    expect(findings[1]?.attributes.zap_finding_urls).toEqual([
      expect.objectContaining({ param: '', attack: '', evidence: 'TODO' }),
    ]);
    // Our own data rides along under attributes.scanrelay.
    expect(scanrelay[0]).toMatchObject({ original_severity: 'high', rule_id: '40012', cwe: ['CWE-79'] });
  });
});

describe.runIf(need('fixtures'))('secureCodeBox export of DefectDojo’s ZAP reports', () => {
  for (const name of [
    '0_zap_sample.xml',
    '5_zap_sample_one.xml',
    'dvwa_baseline_dojo.xml',
    'dvwa_baseline_dojo_fabricated_internal_duplicates.xml',
    'empty_2.9.0.xml',
    'juicy2.xml',
    'some_2.9.0.xml',
    'zap-results-first-scan.xml',
    'zap-results-second-scan.xml',
    'zap-xml-plus-format.xml',
    'zap_2.16.1_with_req_resp.xml',
  ])
    it(`zap/${name}: equal field by field (both secureCodeBox parsers)`, async () => {
      const { findings } = await compare(dojoFile(name));
      await compare(dojoFile(name), 'zap');
      if (name === 'dvwa_baseline_dojo.xml') expect(findings).toHaveLength(19);
      if (name === 'juicy2.xml') {
        // secureCodeBox lists every instance the report has (20 of ZAP's count of 78).
        expect(findings[0]?.attributes).toMatchObject({ zap_count: '78' });
        expect(findings[0]?.attributes.zap_finding_urls).toHaveLength(20);
      }
      if (name === 'zap_2.16.1_with_req_resp.xml') {
        // Request and response travel in zap_finding_urls, as secureCodeBox copies them.
        const urls = (findings[0]?.attributes.zap_finding_urls ?? []) as Record<string, string>[];
        const url = urls[0];
        expect(url?.requestheader).toMatch(/^\s+POST https:\/\/example-domain\.com\/cpapi/);
        expect(url?.attack).toBe('');
      }
    });
});
