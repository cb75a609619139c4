import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { nmapParser } from '../src/scanners/nmap.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, host, parseDetected } from './support/parse-report.js';

// Own report: nmap 7.94 -oX with the vulscan script (text output), vulners before 1.2 (text output
// only, no tables), an IPv6-only host, a closed and an open|filtered port, and a hosthint element.
const ID = 'nmap';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });

/** DefectDojo merges one port of several hosts into one finding; we keep one finding per host. */
const OURS: Record<string, number> = { 'nmap/issue12411.xml': 4 };

describe.runIf(need('fixtures'))('nmap fixtures (DefectDojo)', () => {
  const entries = expectedFor('nmap');

  it('has the nmap fixtures', () => expect(entries.length).toBe(6));

  // 5/6 counts agree; issue12411: ports 80 and 443 open on two hosts are 4 findings (DefectDojo: 2).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(OURS[file] ?? e.expected_findings ?? -1);
  });

  it('nmap_1port: open port 5432/tcp on localhost.localdomain, info, dated from the scan start', async () => {
    const [f] = await parsePath(fixturePath('nmap/nmap_1port.xml'));
    expect(f).toMatchObject({
      tool: { id: ID, name: 'Nmap', version: '6.40' },
      ruleId: 'open-port',
      name: 'Open port: 5432/tcp',
      severity: 'info',
      category: 'Network',
      identifiedAt: '2014-03-29T14:46:56.000Z',
      location: { kind: 'host', host: 'localhost.localdomain', port: 5432, protocol: 'tcp' },
    });
  });

  // DefectDojo's endpoint is the PTR name (mocha2005.mochahost.com); ours is the name the user scanned.
  it('nmap_multiple_port: first is 21/tcp on the scanned name, the PTR name kept', async () => {
    const [f] = await parsePath(fixturePath('nmap/nmap_multiple_port.xml'));
    expect(f).toMatchObject({
      name: 'Open port: 21/tcp',
      severity: 'info',
      identifiedAt: '2016-05-16T17:56:59.000Z',
    });
    expect(host(f)).toMatchObject({ host: 'joaquinlp.me', port: 21, protocol: 'tcp' });
    expect(f?.attributes.hostnames).toContain('mocha2005.mochahost.com');
  });

  it('vulners script: one finding per CVE (medium from CVSS 5.0), then the open port', async () => {
    const f = await parsePath(fixturePath('nmap/nmap_script_vulners.xml'));
    expect(f.map((x) => [x.ruleId, x.severity, x.cve])).toEqual([
      ['CVE-2018-15919', 'medium', ['CVE-2018-15919']],
      ['CVE-2017-15906', 'medium', ['CVE-2017-15906']],
      ['open-port', 'info', []],
    ]);
    expect(f[0]).toMatchObject({
      cvss: { score: 5 },
      identifiedAt: '2020-02-17T09:07:25.000Z',
      references: ['https://vulners.com/cve/CVE-2018-15919'],
      attributes: { cpe: 'cpe:/a:openbsd:openssh:7.4', script: 'vulners', source: 'cve' },
      location: { kind: 'host', host: '192.168.0.1', port: 5022, protocol: 'tcp' },
    });
  });

  it('issue4406: vulners ids of every kind; open ports on the PTR host name', async () => {
    const f = await parsePath(fixturePath('nmap/issue4406.xml'));
    expect(f[0]).toMatchObject({
      ruleId: 'MSF:ILITIES/UBUNTU-CVE-2019-6111/',
      severity: 'medium',
      cve: [],
      identifiedAt: '2021-04-29T09:26:36.000Z',
    });
    expect(f[22]).toMatchObject({ ruleId: 'CVE-2019-6111', severity: 'medium', cve: ['CVE-2019-6111'] });
    expect(f[27]).toMatchObject({
      ruleId: 'EXPLOITPACK:EBDBC5685E3276D648B4D14B75563283',
      severity: 'medium',
    });
    expect(f[48]).toMatchObject({ name: 'Open port: 9100/tcp', severity: 'info' });
    expect(host(f[48])?.host).toBe('ip-10-250-195-71.eu-west-1.compute.internal');
    expect(f[66]?.name).toBe('Open port: 31641/tcp');
  });

  it('issue12411: the host name the user scanned wins over the PTR name', async () => {
    const f = await parsePath(fixturePath('nmap/issue12411.xml'));
    expect(f.map((x) => [host(x)?.host, host(x)?.port])).toEqual([
      ['google.com', 80],
      ['google.com', 443],
      ['amazon.com', 80],
      ['amazon.com', 443],
    ]);
    expect(f[0]?.attributes).toMatchObject({ address: '172.217.18.238' });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['nmap'], [ID])) expect(nmapParser.detect(head), file).toBe(0);
  });
});

describe('nmap own fixtures', () => {
  it('auto-detects every report in test/data/nmap', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('vulscan and text-only vulners; only open ports; IPv6 host by address', async () => {
    const f = await parsePath(data('nmap-7.94-vulscan.xml'));
    expect(f.map((x) => [x.ruleId, x.severity, host(x)?.host, host(x)?.port])).toEqual([
      ['VulDB:161474', 'medium', 'web1.example.test', 22],
      ['CVE-2021-28041', 'medium', 'web1.example.test', 22],
      ['CVE-2020-15778', 'medium', 'web1.example.test', 22],
      ['open-port', 'info', 'web1.example.test', 22],
      ['CVE-2021-23017', 'high', 'web1.example.test', 80],
      ['PACKETSTORM:162830', 'high', 'web1.example.test', 80],
      ['open-port', 'info', 'web1.example.test', 80],
      ['open-port', 'info', '2001:db8::5', 443],
    ]);
    expect(f[1]).toMatchObject({
      name: 'CVE-2021-28041: ssh-agent in OpenSSH before 8.5 has a double free that may be relevant in a few less-common scenarios',
      confidence: 'low',
      cve: ['CVE-2021-28041'],
      attributes: { script: 'vulscan', source: 'MITRE CVE' },
    });
    expect(f[3]).toMatchObject({
      tool: { version: '7.94' },
      attributes: {
        address: '192.0.2.10',
        service: 'ssh',
        product: 'OpenSSH',
        cpe: ['cpe:/a:openbsd:openssh:8.2p1', 'cpe:/o:linux:linux_kernel'],
      },
    });
    expect(f[3]?.description).toContain('Host OS: Linux 4.15 - 5.8 (96%)');
    expect(f[5]).toMatchObject({
      cvss: { score: 7.5 },
      references: ['https://vulners.com/packetstorm/PACKETSTORM:162830'],
      attributes: { exploit: true, cpe: 'cpe:/a:igor_sysoev:nginx:1.18.0' },
    });
  });

  it('a port without a valid portid is a ParseError with its line', async () => {
    const text =
      '<?xml version="1.0"?>\n<nmaprun scanner="nmap">\n<host><address addr="10.0.0.1" addrtype="ipv4"/>\n<ports><port protocol="tcp" portid="http"><state state="open"/></port></ports></host>\n</nmaprun>';
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^nmap: at line 4: expected an nmap <port> with a portid/);
  });

  it('a masscan -oX document (same root element) is not claimed', () => {
    const head =
      '<?xml version="1.0"?>\n<!-- masscan v1.3 scan -->\n<nmaprun scanner="masscan" start="1704788102" version="1.0-BETA" xmloutputversion="1.03">\n<host endtime="1704788103"><address addr="192.0.2.10" addrtype="ipv4"/><ports><port protocol="tcp" portid="22"><state state="open" reason="syn-ack" reason_ttl="57"/></port></ports></host>';
    expect(nmapParser.detect(head)).toBe(0);
  });

  it('another XML root is a ParseError', async () => {
    const { findings } = await parseReport({ text: '<?xml version="1.0"?><report/>' }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/expected an nmap -oX XML report/);
  });
});
