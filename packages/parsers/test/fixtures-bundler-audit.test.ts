import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, isParseError, parseReport } from '../src/index.js';
import { bundlerAuditParser } from '../src/scanners/bundler-audit.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'bundler-audit';
const data = dataDir(ID);

const parse = (source: { path: string } | { text: string }) => parseDetected(ID, source);
const parseFixture = (file: string) => parse({ path: fixturePath(file) });

describe.runIf(need('fixtures'))('bundler-audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('bundler_audit');

  it('has the bundler_audit fixtures', () => {
    expect(entries.length).toBe(3);
  });

  // DefectDojo reads only the text output; version_9.0.json is the same audit as version_9.0.txt (4 gems).
  const here: Record<string, number> = { 'bundler_audit/version_9.0.json': 4 };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parseFixture(file)).toHaveLength(here[file] ?? e.expected_findings!);
  });

  it('bundler-audit_v0.6.1.txt: rack and sprockets, Unknown criticality is medium', async () => {
    const [rack, sprockets] = await parseFixture('bundler_audit/bundler-audit_v0.6.1.txt');
    expect(rack).toMatchObject({
      ruleId: 'CVE-2018-16471',
      name: 'Gem rack: Possible XSS vulnerability in Rack [CVE-2018-16471]',
      severity: 'medium',
      cve: ['CVE-2018-16471'],
      location: {
        kind: 'package',
        name: 'rack',
        version: '1.4.7',
        fixedVersion: '1.6.11',
        purl: 'pkg:gem/rack@1.4.7',
      },
      mitigation: 'Upgrade to ~> 1.6.11, >= 2.0.6',
    });
    expect(sprockets).toMatchObject({
      name: 'Gem sprockets: Path Traversal in Sprockets [CVE-2018-3760]',
      severity: 'medium',
      location: { name: 'sprockets', version: '2.2.3', fixedVersion: '2.12.5' },
    });
  });

  it('version_9.0.txt: CVE and GHSA lines, a GHSA-only advisory', async () => {
    const findings = await parseFixture('bundler_audit/version_9.0.txt');
    expect(findings[0]).toMatchObject({
      name: 'Gem rack: Directory traversal in Rack::Directory app bundled with Rack [CVE-2020-8161]',
      severity: 'medium',
      cve: ['CVE-2020-8161', 'GHSA-5f9h-9pjv-v6j7'],
      location: { name: 'rack', version: '1.6.13' },
    });
    expect(findings[1]).toMatchObject({
      ruleId: 'CVE-2020-8184',
      location: { name: 'rack', version: '1.6.13' },
    });
    expect(findings[3]).toMatchObject({
      ruleId: 'GHSA-xc9x-jj77-9p9j',
      name: 'Gem nokogiri: Improper Handling of Unexpected Data Type in Nokogiri [GHSA-xc9x-jj77-9p9j]',
      cve: ['GHSA-xc9x-jj77-9p9j'],
      location: { name: 'nokogiri', version: '1.15.2', fixedVersion: '1.16.2' },
      mitigation: 'Upgrade to >= 1.16.2',
    });
  });

  it('version_9.0.json: the same findings (and fingerprints) as the text output, with descriptions', async () => {
    const json = await parseFixture('bundler_audit/version_9.0.json');
    const text = await parseFixture('bundler_audit/version_9.0.txt');
    expect(json.map((f) => f.fingerprint)).toEqual(text.map((f) => f.fingerprint));
    expect(json[0]?.description).toMatch(/^There was a possible directory traversal vulnerability/);
    expect(json[0]?.attributes.published).toBe('2020-05-12');
  });

  it('detects nothing but bundler-audit reports', () => {
    for (const { file, head } of foreignHeads(['bundler_audit'], [ID]))
      expect(bundlerAuditParser.detect(head), file).toBe(0);
  });
});

describe('bundler-audit own fixtures', () => {
  it('auto-detects every report in test/data/bundler-audit', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('0.9 --verbose text with colours: descriptions, criticality, insecure sources without credentials', async () => {
    const findings = await parse({ path: data('bundler-audit-0.9-verbose.txt') });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['insecure_source', 'medium'],
      ['insecure_source', 'medium'],
      ['CVE-2023-22795', 'high'],
      ['GHSA-8cr8-4vfw-mr7h', 'critical'],
    ]);
    expect(findings[0]?.location).toEqual({ kind: 'url', url: 'http://****@gems.example.com/' });
    expect(JSON.stringify(findings)).not.toContain('s3cr3tT0ken');
    expect(findings[2]).toMatchObject({
      name: 'Gem actionpack: CVE-2023-22795',
      cve: ['CVE-2023-22795', 'GHSA-8xww-x3g3-6jcv'],
      location: { name: 'actionpack', version: '6.1.7', fixedVersion: '6.1.7.1' },
      mitigation: 'Upgrade to ~> 6.1.7, >= 6.1.7.1, >= 7.0.4.1',
    });
    expect(findings[2]?.description).toMatch(
      /^There is a possible regular expression based DoS[\s\S]*Versions Affected: All$/,
    );
    expect(findings[3]).toMatchObject({
      name: 'Gem rexml: REXML round-trip instability [GHSA-8cr8-4vfw-mr7h]',
      mitigation: 'remove or disable this gem until a patch is available!',
    });
    expect(findings[3]?.location?.kind === 'package' && findings[3].location.fixedVersion).toBeUndefined();
  });

  it('0.9 --format json: insecure_source, criticality, cvss_v3 when criticality is null', async () => {
    const [source, nokogiri, rack] = await parse({ path: data('bundler-audit-0.9-insecure.json') });
    expect(source).toMatchObject({ ruleId: 'insecure_source', location: { url: 'http://rubygems.org/' } });
    expect(nokogiri).toMatchObject({
      ruleId: 'CVE-2022-24836',
      severity: 'high',
      cve: ['CVE-2022-24836', 'GHSA-crjr-9rc5-ghw8'],
      cvss: { score: 7.5 },
      location: { fixedVersion: '1.13.4' },
    });
    expect(rack).toMatchObject({
      severity: 'critical',
      location: { version: '2.2.3', fixedVersion: '2.2.3.1' },
    });
  });

  it('a text block without Version: is a ParseError at its line', async () => {
    const { findings } = await parseReport(
      { text: 'Name: rack\nCVE: CVE-2020-8161\nCriticality: High\nTitle: x\n\n' },
      { scannerType: ID },
    );
    const err = await collect(findings).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toMatch(/at line 1: .*Version/);
  });

  it('a malformed JSON result is a ParseError naming its path', async () => {
    const text =
      '{"version":"0.9.1","created_at":"x","results":[{"type":"unpatched_gem","gem":{"name":"rack"},"advisory":{}}]}';
    const err = await parse({ text }).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toContain('$.results[0].gem.version');
  });

  it('a clean run is no findings', async () => {
    const { findings } = await parseReport({ text: 'No vulnerabilities found\n' }, { scannerType: 'auto' });
    expect(await collect(findings)).toEqual([]);
  });
});
