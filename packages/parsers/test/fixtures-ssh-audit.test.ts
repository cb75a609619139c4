import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { sshAuditParser } from '../src/scanners/ssh-audit.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'ssh-audit';
const data = dataDir(ID);

const parse = (path: string) => parseDetected(ID, { path });

describe.runIf(need('fixtures'))('ssh-audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('ssh_audit');

  it('has the ssh_audit fixtures', () => expect(entries.length).toBe(3));

  // One finding per CVE and per algorithm with fail/warn notes, like DefectDojo: 3/3 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parse(fixturePath(file))).toHaveLength(e.expected_findings!);
  });

  it('many_vulns.json: CVEs first (CVSS v2 bands), then algorithms (fail high, warn medium)', async () => {
    const f = await parse(fixturePath('ssh_audit/many_vulns.json'));
    expect(f[0]).toMatchObject({
      ruleId: 'CVE-2021-41617',
      severity: 'high',
      cve: ['CVE-2021-41617'],
      cvss: { version: '2.0', score: 7 },
      category: 'Network',
      location: { kind: 'host', host: 'sdf.sdf.fewio', port: 22, protocol: 'ssh' },
      attributes: { banner: 'SSH-2.0-OpenSSH_7.9p1 Debian-10+deb10u2' },
    });
    expect(f[1]?.ruleId).toBe('CVE-2020-15778');
    expect(f[13]).toMatchObject({ severity: 'medium', ruleId: 'mac:umac-64-etm@openssh.com' });
    expect(f.find((x) => x.ruleId === 'kex:diffie-hellman-group14-sha1')).toMatchObject({
      severity: 'high',
      attributes: { algorithmType: 'kex', level: 'fail' },
    });
  });

  it('bug_fix.json / many_vulns2.json: the first findings are the failing ECDH key exchanges', async () => {
    for (const file of ['ssh_audit/bug_fix.json', 'ssh_audit/many_vulns2.json']) {
      const f = await parse(fixturePath(file));
      expect(
        f.slice(0, 2).map((x) => [x.ruleId, x.severity]),
        file,
      ).toEqual([
        ['kex:ecdh-sha2-nistp256', 'high'],
        ['kex:ecdh-sha2-nistp384', 'high'],
      ]);
    }
    expect((await parse(fixturePath('ssh_audit/many_vulns2.json')))[9]?.severity).toBe('medium');
  });

  it('detects no other format', () => {
    for (const { file, head } of foreignHeads(['ssh_audit'], [ID]))
      expect(sshAuditParser.detect(head), file).toBe(0);
  });
});

describe('ssh-audit own fixtures', () => {
  it('auto-detects every report in test/data/ssh-audit', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('ssh-audit 3.0 (no notes): findings from the critical/warning recommendations', async () => {
    const f = await parse(data('ssh-audit-3.0.json'));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['CVE-2021-41617', 'high'],
      ['kex:diffie-hellman-group14-sha1', 'high'],
      ['kex:ecdh-sha2-nistp256', 'high'],
      ['key:ssh-rsa', 'high'],
      ['enc:aes256-cbc', 'high'],
      ['mac:hmac-sha1', 'high'],
      ['key:rsa-sha2-512', 'medium'],
    ]);
    expect(f[0]?.location).toEqual({
      kind: 'host',
      host: 'bastion.example.org',
      port: 2222,
      protocol: 'ssh',
    });
  });

  it('ssh-audit -T (an array of hosts, IPv6 target, enc notes)', async () => {
    const f = await parse(data('ssh-audit-3.2-targets.json'));
    expect(f.map((x) => [x.ruleId, x.severity, x.location?.kind === 'host' ? x.location.host : ''])).toEqual([
      ['kex:ecdh-sha2-nistp521', 'high', '2001:db8::10'],
      ['mac:umac-64-etm@openssh.com', 'medium', '2001:db8::10'],
      ['CVE-2023-38408', 'critical', 'git.example.org'],
      ['key:rsa-sha2-256', 'medium', 'git.example.org'],
      ['enc:aes128-cbc', 'high', 'git.example.org'],
    ]);
    expect(f[3]?.attributes).toMatchObject({ keysize: 2048 });
  });

  it('a CVE without its name is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      banner: { raw: 'SSH-2.0-x' },
      target: 'h:22',
      cves: [{ cvssv2: 5 }],
      kex: [],
    });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^ssh-audit: at \$\.cves\[0\]\.name: expected an ssh-audit -j report/,
    );
  });
});
