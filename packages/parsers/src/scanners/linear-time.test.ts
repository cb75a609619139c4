import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { invictiParser } from './invicti.js';
import { nucleiParser } from './nuclei.js';
import { zapParser } from './zap.js';

// Report text comes from the scanned site or repository: fields crafted to make a backtracking
// pattern rescan the rest of the field from every position took minutes before (quadratic time).
// Each test finishes well within its 10 s timeout only if every pattern on that text is linear.
const MB = 1 << 20;
const SPACES = `a${' '.repeat(MB)}b`; // a 1 MB run of blanks with no line break after it
const LT = '<'.repeat(MB); // 1 MB of '<' with no '>'
const LI = '<li'.repeat(MB / 4); // list-item openings with no '>'
const SLASHES = `host${'/'.repeat(MB)}\n`; // a run of '/' before a line break
const LINKS = Array.from({ length: 50_000 }, (_, i) => `<a href='https://example.test/${i}'>`).join('');
const TIMEOUT = { timeout: 10_000 };

describe('parsers stay linear on adversarial 1 MB fields', () => {
  it('invicti: a JSON report whose HTML fields are hostile', TIMEOUT, async () => {
    const report = {
      Generated: '25/06/2021 09:59 AM',
      Target: { ScanId: 's1', Url: 'http://app.test/' },
      Vulnerabilities: [
        {
          Name: 'Cookie Not Marked as HttpOnly',
          Type: 'CookieNotMarkedAsHttpOnly',
          Url: 'http://app.test/',
          Severity: 'Low',
          Description: SPACES,
          Impact: LT,
          RemedialProcedure: LI,
          RemedialActions: SPACES.replace('b', '\nb'),
          RemedyReferences: LINKS,
          ExternalReferences: LT,
        },
      ],
    };
    const findings = await collect(invictiParser.parse(new ParseInput({ text: JSON.stringify(report) })));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.references).toHaveLength(50_000);
  });

  it('invicti: an API issue whose HTML fields are hostile', TIMEOUT, async () => {
    const issue = {
      Id: 'i1',
      Title: 'Boolean Based SQL Injection',
      Type: 'ConfirmedBooleanSqlInjection',
      Url: 'http://app.test/?id=1',
      Severity: 'Critical',
      LatestScanId: 's1',
      VulnerabilityDetail: LT,
      Impact: SPACES,
      Remedy: LI,
      RemedyReferences: LINKS,
    };
    const findings = await collect(invictiParser.parse(new ParseInput({ text: JSON.stringify([issue]) })));
    expect(findings).toHaveLength(1);
  });

  it('zap: an XML report whose text fields are hostile', TIMEOUT, async () => {
    const cdata = (s: string) => `<![CDATA[${s}]]>`;
    const xml = `<?xml version="1.0"?><OWASPZAPReport programName="ZAP" version="2.14.0" generated="now">
<site name="https://app.test" host="app.test" port="443" ssl="true"><alerts><alertitem>
<pluginid>10010</pluginid><alert>Cookie No HttpOnly Flag</alert><riskcode>1</riskcode><confidence>2</confidence>
<desc>${cdata(LT)}</desc><solution>${SPACES}</solution><otherinfo>${cdata(LI)}</otherinfo>
<reference>${cdata(LINKS)}</reference>
<instances><instance><uri>https://app.test/</uri><method>GET</method></instance></instances>
</alertitem></alerts></site></OWASPZAPReport>`;
    const findings = await collect(zapParser.parse(new ParseInput({ text: xml })));
    expect(findings).toHaveLength(1);
  });

  it('zap: a JSON report whose text fields are hostile', TIMEOUT, async () => {
    const alert = { pluginid: '10010', alert: 'Cookie', riskcode: '1', confidence: '2' };
    const json = {
      '@programName': 'ZAP',
      '@version': '2.14.0',
      site: [
        {
          '@name': 'https://app.test',
          alerts: [{ ...alert, desc: SPACES, solution: LT, otherinfo: LI, reference: LINKS, instances: [] }],
        },
      ],
    };
    const findings = await collect(zapParser.parse(new ParseInput({ text: JSON.stringify(json) })));
    expect(findings).toHaveLength(1);
  });

  it('nuclei: a host followed by a 1 MB run of "/" keeps the host', TIMEOUT, async () => {
    const event = {
      'template-id': 'ssh-detect',
      info: { name: 'SSH', severity: 'info' },
      type: 'tcp',
      'matched-at': SLASHES.replace('\n', ''),
      host: 'host',
    };
    const [f] = await collect(nucleiParser.parse(new ParseInput({ text: `${JSON.stringify(event)}\n` })));
    expect(f?.location).toMatchObject({ kind: 'host', host: 'host' });
  });

  it('detection: a 64 KiB head of blank lines (and of "/") is refused quickly', TIMEOUT, () => {
    expect(detectScannerFromHead('\n'.repeat(64 * 1024))).toBeUndefined();
    expect(detectScannerFromHead(`\n${' '.repeat(64 * 1024)}`)).toBeUndefined();
    expect(detectScannerFromHead(SLASHES.slice(0, 64 * 1024))).toBeUndefined();
  });
});
