import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { niktoParser } from '../src/scanners/nikto.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, url } from './support/parse-report.js';

const data = dataDir('nikto');

const parse = (path: string) => parseDetected('nikto', { path });
const rows = (fs: Finding[]) => fs.map((f) => [f.ruleId, f.name, f.severity, url(f)?.url, url(f)?.method]);

describe('Nikto reports (own fixtures)', () => {
  it('2.5.0 XML (<niktoscans>): test id, message without its path, URL, references', async () => {
    const f = await parse(data('nikto-2.5.0.xml'));
    expect(rows(f)).toEqual([
      [
        '999957',
        'The anti-clickjacking X-Frame-Options header is not present.',
        'info',
        'https://intranet.example.test/',
        'GET',
      ],
      [
        '999100',
        "Uncommon header 'x-backend' found, with contents: app-01.",
        'info',
        'https://intranet.example.test/',
        'GET',
      ],
      [
        '999100',
        "Uncommon header 'x-request-id' found, with contents: 4f1c2d.",
        'info',
        'https://intranet.example.test/',
        'GET',
      ],
      [
        '002370',
        'This reveals Apache information. Comment out appropriate line in the Apache conf file or restrict access to allowed sources.',
        'info',
        'https://intranet.example.test/server-status',
        'GET',
      ],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'nikto', name: 'Nikto', version: '2.5.0' },
      category: 'DAST',
      identifiedAt: '2023-03-08T10:11:13.000Z',
      references: ['https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options'],
      attributes: { ip: '198.51.100.7', banner: 'Apache/2.4.41 (Ubuntu)' },
    });
    // Two messages of test 999100 on one URL stay two findings.
    expect(new Set(f.map((x) => x.fingerprint)).size).toBe(4);
  });

  it('2.5.0 JSON (array of hosts) gives the same fingerprints as the XML for the same items', async () => {
    const json = await parse(data('nikto-2.5.0-two-hosts.json'));
    expect(rows(json).map((r) => r[3])).toEqual([
      'https://intranet.example.test/',
      'https://intranet.example.test/server-status',
      'http://legacy.example.test:8080/',
    ]);
    const xml = await parse(data('nikto-2.5.0.xml'));
    expect(json[0]?.fingerprint).toBe(xml[0]?.fingerprint);
    expect(json[1]?.fingerprint).toBe(xml[3]?.fingerprint);
  });

  it('2.1.6 JSON (one host object): an OSVDB id makes it medium', async () => {
    const f = await parse(data('nikto-2.1.6.json'));
    expect(f.map((x) => [x.ruleId, x.severity, url(x)?.url, x.attributes.osvdb])).toEqual([
      ['999990', 'info', 'http://legacy.example.test:8080/', undefined],
      ['000366', 'medium', 'http://legacy.example.test:8080/manager/html', 'OSVDB-3233'],
      ['000366', 'medium', 'http://legacy.example.test:8080/host-manager/html', 'OSVDB-3233'],
    ]);
  });

  it('a vulnerability without msg is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      host: 'a',
      port: '80',
      banner: '',
      vulnerabilities: [{ id: '1', url: '/' }],
    });
    const e = await collect((await parseReport({ text }, { scannerType: 'nikto' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/\$\.vulnerabilities\[0\]\.msg/);
  });

  it('an XML item without an id is a ParseError naming the item', async () => {
    const text =
      '<niktoscan><scandetails><item><description>x</description></item></scandetails></niktoscan>';
    const e = await collect((await parseReport({ text }, { scannerType: 'nikto' })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/scandetails\/item\[1\]/);
  });

  it.each(['nikto-2.5.0.xml', 'nikto-2.5.0-two-hosts.json', 'nikto-2.1.6.json'])(
    'auto-detects %s',
    async (name) => {
      expect((await detectScanner({ path: data(name) })).scanner).toBe('nikto');
    },
  );
});

describe.runIf(need('fixtures'))('Nikto fixtures (DefectDojo)', () => {
  const entries = expectedFor('nikto');

  it('has the nine nikto fixtures', () => expect(entries).toHaveLength(9));

  // One finding per item (test id, URL, method and message). DefectDojo merges JSON items by message
  // over all URLs: juice-shop.json lists 'Potentially Interesting Backup/Cert File Found.' on 140
  // URLs, 151 findings here against DefectDojo's 11. Every other file agrees.
  const ours: Record<string, number> = { 'nikto/juice-shop.json': 151 };
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe('nikto');
    const findings = await parse(fixturePath(file));
    expect(findings).toHaveLength(ours[file] ?? e.expected_findings!);
    if (file === 'nikto/juice-shop.json') expect(new Set(findings.map((f) => f.name)).size).toBe(11);
  });

  it('juice-shop.json: OSVDB-3092 on public/ is medium; the backup file message on 140 URLs', async () => {
    const f = await parse(fixturePath('nikto/juice-shop.json'));
    const osvdb = f.filter((x) => x.attributes.osvdb === 'OSVDB-3092');
    expect(osvdb).toHaveLength(1);
    expect(osvdb[0]).toMatchObject({
      ruleId: '001811',
      severity: 'medium',
      occurrences: 1,
      location: { url: 'https://juice-shop.herokuapp.com/public/' },
    });
    const backup = f.filter((x) => x.name === 'Potentially interesting backup/cert file found.');
    expect(backup).toHaveLength(140);
    expect(backup.every((x) => x.severity === 'info')).toBe(true);
  });

  it('nikto-output.xml: favicon OSVDB item medium; Tomcat examples info at 127.0.0.1:8070', async () => {
    const f = await parse(fixturePath('nikto/nikto-output.xml'));
    expect(
      f.find((x) => x.name === 'favicon.ico file identifies this server as: Apache Tomcat'),
    ).toMatchObject({
      ruleId: '500008',
      severity: 'medium',
      occurrences: 1,
      // namelink is empty here: the URL comes from the scan's sitename.
      location: { url: 'http://localhost:8070/favicon.ico' },
    });
    expect(f.find((x) => x.ruleId === '000366')).toMatchObject({
      name: 'Apache Tomcat default JSP pages present.',
      severity: 'info',
      location: { url: 'http://localhost:8070/examples/servlets/index.html' },
      attributes: { ipUrl: 'http://127.0.0.1:8070/examples/servlets/index.html' },
    });
  });

  it('tdh.json and tdh.xml: uncommon headers of test 999100, info, on www.tdh.com:443', async () => {
    const json = await parse(fixturePath('nikto/tdh.json'));
    expect(rows(json).slice(0, 2)).toEqual([
      [
        '999100',
        "Uncommon header 'x-cacheable' found, with contents: YES",
        'info',
        'https://www.tdh.com/',
        'GET',
      ],
      [
        '999100',
        "Uncommon header 'x-cache' found, with contents: HIT",
        'info',
        'https://www.tdh.com/',
        'GET',
      ],
    ]);
    const xml = await parse(fixturePath('nikto/tdh.xml'));
    expect(rows(xml)[0]).toEqual([
      '999100',
      "Uncommon header 'x-cache' found, with contents: HIT",
      'info',
      'https://www.tdh.com/',
      'GET',
    ]);
    expect(xml[5]).toMatchObject({ ruleId: '999966', severity: 'info' });
    expect(xml[5]?.name).toMatch(/^The Content-Encoding header is set to "deflate"/);
    // The same item read from either format has the same identity.
    expect(xml[0]?.fingerprint).toBe(json[1]?.fingerprint);
  });

  it('nikto-report-old-format.xml and the nested 2.1.6 layout give their one item', async () => {
    for (const file of ['nikto/nikto-report-old-format.xml', 'nikto/nikto-report-one-vuln.xml']) {
      const [f] = await parse(fixturePath(file));
      expect(f).toMatchObject({ ruleId: '999970', location: { url: 'https://192.168.0.24/' } });
    }
  });

  it('detection is exclusive', () => {
    for (const { file, head } of foreignHeads(['nikto'], ['nikto']))
      expect(niktoParser.detect(head), file).toBe(0);
  });
});
