import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { sslyzeParser } from '../src/scanners/sslyze.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'sslyze';
const data = dataDir(ID);

const parse = (path: string, onWarning?: (m: string) => void) => parseDetected(ID, { path }, { onWarning });
const fixture = (name: string) => parse(fixturePath(`sslyze/${name}`));
const lines = (f: Finding | undefined) => (f?.description ?? '').split('\n');

describe.runIf(need('fixtures'))('sslyze fixtures (DefectDojo)', () => {
  const entries = expectedFor('sslyze');

  it('has the sslyze fixtures', () => expect(entries.length).toBe(12));

  // DefectDojo's rules for both formats (JSON: protocols, BSI cipher lists, heartbleed, CCS, renegotiation,
  // certificate deployments; XML: its weak cipher list per protocol, heartbleed, CCS, renegotiation): 12/12 agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parse(fixturePath(file))).toHaveLength(e.expected_findings!);
  });

  it('one_target_one_vuln_new.json (5.0.1): unrecommended TLS 1.2 suites, host and port', async () => {
    const [f] = await fixture('one_target_one_vuln_new.json');
    expect(f).toMatchObject({
      name: 'Unrecommended cipher suites for TLS 1.2 (example.com:443)',
      severity: 'medium',
      category: 'Network',
      location: { kind: 'host', host: 'example.com', port: 443 },
    });
    expect(lines(f).filter((l) => l.startsWith(' - '))).toHaveLength(16);
    expect(f?.references[0]).toMatch(/BSI-TR-02102-2/);
  });

  it('one_target_one_vuln_old.json (3.0.7): the expired certificate for five trust stores', async () => {
    const [f] = await fixture('one_target_one_vuln_old.json');
    expect(f).toMatchObject({
      name: 'Problems in certificate deployments (www.example.com:443)',
      severity: 'medium',
      location: { kind: 'host', host: 'www.example.com', port: 443 },
    });
    expect(
      lines(f)
        .slice(1)
        .map((l) => /trust store (\w+)/.exec(l)?.[1]),
    ).toEqual(['Android', 'Apple', 'Java', 'Mozilla', 'Windows']);
  });

  it('one_target_many_vuln_old.json: Heartbleed and CCS injection carry their CVEs', async () => {
    const f = await fixture('one_target_many_vuln_old.json');
    expect(f.map((x) => [x.ruleId, x.cve])).toEqual([
      ['heartbleed', ['CVE-2014-0160']],
      ['openssl-ccs-injection', ['CVE-2014-0224']],
      ['session-renegotiation', []],
      ['protocol-tls-1.1', []],
    ]);
  });

  it('two_targets_many_vuln_new.json: one location per server', async () => {
    const f = await fixture('two_targets_many_vuln_new.json');
    expect(f[0]?.name).toBe('Unrecommended cipher suites for TLS 1.2 (example.com:443)');
    expect(lines(f[0]).filter((l) => l.startsWith(' - '))).toHaveLength(11);
    expect(f[1]).toMatchObject({
      name: 'TLS 1.0 not recommended (example2.com:443)',
      description: 'example2.com:443 accepts TLS 1.0 connections',
      location: { host: 'example2.com', port: 443 },
    });
  });

  it('report_two_target_many_vuln.xml (1.4.3): weak suites per protocol, Heartbleed, https endpoints', async () => {
    const f = await fixture('report_two_target_many_vuln.xml');
    expect(f.map((x) => x.ruleId)).toContain('heartbleed');
    expect(f[0]).toMatchObject({
      ruleId: 'weak-cipher-suites-tlsv1_2',
      tool: { id: 'sslyze', name: 'SSLyze', version: '1.4.3' },
      location: { kind: 'host', host: 'www.gitlab.com', port: 443, protocol: 'https' },
    });
  });

  it('detects no other format', () => {
    for (const { file, head } of foreignHeads(['sslyze'], [ID]))
      expect(sslyzeParser.detect(head), file).toBe(0);
  });
});

describe('sslyze own fixtures', () => {
  it('auto-detects every report in test/data/sslyze', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('sslyze 5.2: ROBOT, compression, SSL 3.0, hostname mismatch; an unreachable server is a warning', async () => {
    const warnings: string[] = [];
    const f = await parse(data('sslyze-5.2-robot.json'), (m) => warnings.push(m));
    expect(f.map((x) => [x.ruleId, x.severity])).toEqual([
      ['session-renegotiation', 'medium'],
      ['robot', 'high'],
      ['tls-compression', 'medium'],
      ['protocol-ssl-3.0', 'high'],
      ['cipher-suites-tls-1.2', 'medium'],
      ['certificate-deployment', 'medium'],
    ]);
    expect(f[0]?.location).toEqual({ kind: 'host', host: 'legacy.example.net', port: 8443, protocol: 'tls' });
    expect(lines(f[5])).toContain(' - Certificate subject does not match hostname');
    expect(f[4]?.attributes.cipherSuites).toEqual(['TLS_RSA_WITH_AES_128_CBC_SHA']);
    expect(warnings).toEqual([
      'sslyze: down.example.net:443 could not be scanned (no connectivity); no findings for it',
    ]);
  });

  it('accepted_cipher_suites that is not a list is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      server_scan_results: [
        { scan_commands_results: { tls_1_0_cipher_suites: { accepted_cipher_suites: 'x' } } },
      ],
      sslyze_version: '3.1.0',
    });
    const e = await collect((await parseReport({ text }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^sslyze: at \$\.server_scan_results\[0\]\.scan_commands_results\.tls_1_0_cipher_suites\.accepted_cipher_suites: expected/,
    );
  });
});
