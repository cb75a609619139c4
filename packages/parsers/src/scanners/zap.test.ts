import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead, parseReport } from '../registry.js';
import { zapParser } from './zap.js';

const alertXml = (risk = '3', extra = '') => `<alertitem>
  <pluginid>40012</pluginid><alertRef>40012</alertRef>
  <alert>Cross Site Scripting (Reflected)</alert><name>Cross Site Scripting (Reflected)</name>
  <riskcode>${risk}</riskcode><confidence>2</confidence>
  <desc>&lt;p&gt;Cross-site Scripting (XSS) is an attack technique.&lt;/p&gt;</desc>
  <instances><instance><uri>https://app.example/search?q=x</uri><method>GET</method><param>q</param>
  <attack><![CDATA[<script>alert(1)</script>]]></attack><evidence>&lt;script&gt;alert(1)&lt;/script&gt;</evidence></instance></instances>
  <count>1</count>
  <solution>&lt;p&gt;Encode output.&lt;/p&gt;</solution>
  <reference>&lt;p&gt;https://owasp.org/www-community/attacks/xss/&lt;/p&gt;&lt;p&gt;https://cwe.mitre.org/data/definitions/79.html&lt;/p&gt;</reference>
  <cweid>79</cweid><wascid>8</wascid><sourceid>1</sourceid>${extra}
</alertitem>`;
const report = (alerts: string) =>
  `<?xml version="1.0"?><OWASPZAPReport programName="ZAP" version="2.14.0" generated="now">
<site name="https://app.example" host="app.example" port="443" ssl="true"><alerts>${alerts}</alerts></site></OWASPZAPReport>`;

const parse = (text: string) => collect(zapParser.parse(new ParseInput({ text })));

async function parseError(text: string): Promise<ParseError> {
  try {
    await parse(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

describe('zap parser (XML)', () => {
  it('maps an alert: severity from riskcode, CWE, HTML stripped, references split, instances kept', async () => {
    const [f] = await parse(report(alertXml()));
    expect(f).toMatchObject({
      ruleId: '40012',
      name: 'Cross Site Scripting (Reflected)',
      severity: 'high',
      confidence: 'medium',
      category: 'DAST',
      cwe: ['CWE-79'],
      description: 'Cross-site Scripting (XSS) is an attack technique.',
      mitigation: 'Encode output.',
      references: [
        'https://owasp.org/www-community/attacks/xss/',
        'https://cwe.mitre.org/data/definitions/79.html',
      ],
      location: { kind: 'url', url: 'https://app.example' },
      tool: { id: 'zap', name: 'ZAP', version: '2.14.0' },
    });
    expect(f?.attributes.instances).toEqual([
      {
        uri: 'https://app.example/search?q=x',
        method: 'GET',
        param: 'q',
        attack: '<script>alert(1)</script>',
        evidence: '<script>alert(1)</script>',
      },
    ]);
  });

  it('maps riskcode 0..3 to info, low, medium, high and refuses others', async () => {
    const risks = await parse(report(['0', '1', '2', '3'].map((r) => alertXml(r)).join('')));
    expect(risks.map((f) => f.severity)).toEqual(['info', 'low', 'medium', 'high']);
    const e = await parseError(report(alertXml('7')));
    expect(e.message).toMatch(/expected a riskcode of 0 to 3, got "7"/);
    expect(e.where.line).toBe(2);
  });

  it('refuses a billion-laughs DOCTYPE without expanding anything', async () => {
    const lol = `<?xml version="1.0"?>
<!DOCTYPE OWASPZAPReport [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<OWASPZAPReport version="2.9.0"><site name="x"><alerts><alertitem><alert>&lol9;</alert></alertitem></alerts></site></OWASPZAPReport>`;
    const e = await parseError(lol);
    expect(e.message).toMatch(
      /expected a ZAP report without entity declarations, got a DOCTYPE declaring entities/,
    );
  });

  it('refuses an undefined entity reference instead of expanding it', async () => {
    const e = await parseError(report(alertXml('3', '<otherinfo>&xxe;</otherinfo>')));
    expect(e.message).toMatch(/expected well-formed XML, got undefined entity/);
  });

  it('gives a ParseError with the line for truncated or malformed XML', async () => {
    const full = report(alertXml());
    const e = await parseError(full.slice(0, full.length - 40));
    expect(e.scanner).toBe('zap');
    expect(e.message).toMatch(/expected well-formed XML/);
    const wrongRoot = await parseError('<?xml version="1.0"?><checkstyle><file/></checkstyle>');
    // The element name is report content: described, not quoted (issue 10 item 4).
    expect(wrongRoot.message).toMatch(/expected an <OWASPZAPReport> root element, got another root element/);
    expect(wrongRoot.message).not.toContain('checkstyle');
  });

  it('reads an empty report as no findings', async () => {
    expect(await parse(report(''))).toEqual([]);
  });

  it('keeps at most 100 instances but counts them all', async () => {
    const many = Array.from(
      { length: 150 },
      (_, i) => `<instance><uri>https://app.example/${i}</uri></instance>`,
    ).join('');
    const [f] = await parse(
      report(alertXml().replace(/<instances>.*<\/instances>/s, `<instances>${many}</instances>`)),
    );
    expect(f?.attributes.instances).toHaveLength(100);
    expect(f?.occurrences).toBe(150);
  });
});

describe('zap parser (JSON)', () => {
  const json = {
    '@programName': 'ZAP',
    '@version': '2.14.0',
    site: [
      {
        '@name': 'https://app.example',
        '@host': 'app.example',
        '@port': '443',
        '@ssl': 'true',
        alerts: [
          {
            pluginid: '10038',
            alertRef: '10038-1',
            alert: 'Content Security Policy (CSP) Header Not Set',
            name: 'Content Security Policy (CSP) Header Not Set',
            riskcode: '2',
            confidence: '3',
            desc: '<p>CSP is an added layer of security.</p>',
            instances: [
              {
                uri: 'https://app.example/',
                method: 'GET',
                param: '',
                attack: '',
                evidence: '',
                otherinfo: '',
              },
              {
                uri: 'https://app.example/login',
                method: 'GET',
                param: '',
                attack: '',
                evidence: '',
                otherinfo: '',
              },
            ],
            count: '2',
            solution: '<p>Set the header.</p>',
            reference: '<p>https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP</p>',
            cweid: '693',
            wascid: '15',
            sourceid: '3',
          },
        ],
      },
    ],
  };

  it('streams the alerts of each site', async () => {
    const [f] = await parse(JSON.stringify(json));
    expect(f).toMatchObject({
      ruleId: '10038-1',
      name: 'Content Security Policy (CSP) Header Not Set',
      severity: 'medium',
      confidence: 'high',
      cwe: ['CWE-693'],
      occurrences: 2,
      location: { kind: 'url', url: 'https://app.example' },
      attributes: { pluginId: '10038', host: 'app.example', port: '443' },
    });
  });

  it('is detected from its head, and a JSON document without sites is refused', async () => {
    expect(detectScannerFromHead(JSON.stringify(json))?.scanner).toBe('zap');
    const e = await parseError('{"@programName":"ZAP","@version":"2.14.0"}');
    expect(e.message).toMatch(/expected a ZAP JSON report with a "site" list/);
    const bad = await parseError(
      JSON.stringify({ site: [{ '@name': 'x', alerts: [{ pluginid: '1', alert: 'a', riskcode: 'x' }] }] }),
    );
    expect(bad.where.path).toBe('$.site[0].alerts[0]');
  });
});

describe('zap detection', () => {
  it('recognises the XML root and nothing else', async () => {
    expect(zapParser.detect(report(''))).toBe(100);
    expect(zapParser.detect('<?xml version="1.0"?><checkstyle/>')).toBe(0);
    expect(zapParser.detect('{"Results": []}')).toBe(0);
    const { scanner } = await parseReport({ text: report('') });
    expect(scanner).toBe('zap');
  });
});

describe('zap XML prolog: what may come before the declaration', () => {
  const body = report(alertXml()).replace('<?xml version="1.0"?>', '');
  const cases: [string, string][] = [
    ['a license comment', `<!--\n  SPDX-License-Identifier: Apache-2.0\n-->\n\n<?xml version="1.0"?>${body}`],
    ['whitespace', `\n\n   <?xml version="1.0"?>${body}`],
    [
      'a processing instruction',
      `<?xml-stylesheet type="text/xsl" href="r.xsl"?><?xml version="1.0"?>${body}`,
    ],
    ['a BOM and a comment', `\uFEFF<!-- exported -->\n<?xml version="1.0" encoding="UTF-8"?>${body}`],
    ['a comment and no declaration', `<!-- exported -->\n${body}`],
  ];

  it.each(cases)('%s: detected and parsed', async (_label, text) => {
    const { scanner, findings } = await parseReport({ text }, { scannerType: 'auto' });
    expect(scanner).toBe('zap');
    const [f] = await collect(findings);
    expect(f).toMatchObject({ ruleId: '40012', severity: 'high', location: { url: 'https://app.example' } });
  });

  it('keeps true line numbers in errors after a blanked declaration', async () => {
    const text = `<!--\nheader\n-->\n<?xml version="1.0"?>\n${report(alertXml('9')).replace('<?xml version="1.0"?>', '')}`;
    const e = await parseError(text);
    expect(e.message).toMatch(/expected a riskcode of 0 to 3/);
    expect(e.where.line).toBe(6);
  });

  it('reads a header longer than one read chunk', async () => {
    const text = `<!-- ${'x'.repeat(300 * 1024)} -->\n<?xml version="1.0"?>${body}`;
    expect(await parse(text)).toHaveLength(1);
  });
});

describe('zap report versions', () => {
  it('ZAP 2.4 and older: the instance fields in the alert itself', async () => {
    const old = `<?xml version="1.0"?><OWASPZAPReport version="2.4.3" generated="Mon, 7 Mar 2016">
<site name="http://old.example" host="old.example" port="80" ssl="false"><alerts><alertitem>
<pluginid>10016</pluginid><alert>Web Browser XSS Protection Not Enabled</alert><riskcode>1</riskcode>
<confidence>2</confidence><riskdesc>Low (Medium)</riskdesc><desc>&lt;p&gt;XSS protection.&lt;/p&gt;</desc>
<uri>http://old.example/login</uri><param>X-XSS-Protection</param><attack></attack>
<solution>&lt;p&gt;Set the header.&lt;/p&gt;</solution><cweid>933</cweid><wascid>14</wascid>
</alertitem></alerts></site></OWASPZAPReport>`;
    const [f] = await parse(old);
    expect(f).toMatchObject({
      ruleId: '10016',
      name: 'Web Browser XSS Protection Not Enabled',
      severity: 'low',
    });
    expect(f?.attributes.instances).toEqual([{ uri: 'http://old.example/login', param: 'X-XSS-Protection' }]);
    expect(f?.occurrences).toBe(1);
  });

  it('JSON: numeric riskcode and plain (un-prefixed) site keys', async () => {
    const doc = {
      version: '2.8.0',
      site: {
        name: 'https://plain.example',
        host: 'plain.example',
        port: '443',
        alerts: [{ pluginid: '10202', alert: 'Absence of Anti-CSRF Tokens', riskcode: 1, confidence: 2 }],
      },
    };
    const [f] = await parse(JSON.stringify(doc));
    expect(f).toMatchObject({
      severity: 'low',
      confidence: 'medium',
      location: { kind: 'url', url: 'https://plain.example' },
      tool: { version: '2.8.0' },
      attributes: { host: 'plain.example', riskcode: '1' },
    });
  });

  it('with oneFindingPerRecord every instance is kept whole, raw fields as written', async () => {
    const many = Array.from(
      { length: 150 },
      (_, i) =>
        `<instance><uri>https://app.example/${i}</uri><evidence>  ${'e'.repeat(600)}</evidence><requestheader>GET / HTTP/1.1</requestheader></instance>`,
    ).join('');
    const text = report(alertXml().replace(/<instances>.*<\/instances>/s, `<instances>${many}</instances>`));
    const [f] = await collect(zapParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    const kept = f?.attributes.instances as Record<string, string>[];
    expect(kept).toHaveLength(150);
    expect(kept[0]?.evidence).toBe(`  ${'e'.repeat(600)}`);
    expect(kept[0]?.requestheader).toBe('GET / HTTP/1.1');
    expect(f?.attributes.raw).toMatchObject({
      desc: '<p>Cross-site Scripting (XSS) is an attack technique.</p>',
      riskcode: '3',
      count: '1',
    });
  });
});
