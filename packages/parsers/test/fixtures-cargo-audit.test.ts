import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, isParseError, parseReport } from '../src/index.js';
import { cargoAuditParser } from '../src/scanners/cargo-audit.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseFindings } from './support/parse-report.js';

const ID = 'cargo-audit';
const data = dataDir(ID);

const parse = (source: { path: string } | { text: string }, oneFindingPerRecord = false) =>
  parseFindings(source, { scannerType: 'auto', oneFindingPerRecord });
const parseFixture = (file: string) => parse({ path: fixturePath(file) });
const byRule = (findings: Finding[], rule: string) => findings.filter((f) => f.ruleId === rule);
const vulnerabilities = (findings: Finding[]) => findings.filter((f) => f.attributes.warning === undefined);

describe.runIf(need('fixtures'))('cargo-audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('cargo_audit');

  it('has the cargo_audit fixtures, all detected as cargo-audit', async () => {
    expect(entries.length).toBe(3);
    for (const e of entries)
      expect((await detectScanner({ path: fixturePath(e.file) })).scanner, e.file).toBe(ID);
  });

  /**
   * Warnings (unmaintained, unsound, yanked) are findings here, of severity info/low; DefectDojo reads
   * vulnerabilities only. many_findings.json: 4 vulnerabilities + 3 unmaintained + 6 yanked = 13.
   */
  const withWarnings: Record<string, number> = { 'cargo_audit/many_findings.json': 13 };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    expect(vulnerabilities(findings)).toHaveLength(e.expected_findings!);
    expect(findings).toHaveLength(withWarnings[file] ?? e.expected_findings!);
  });

  it('many_findings.json: arc-swap, hyper, smallvec twice; keywords; warnings', async () => {
    const findings = await parseFixture('cargo_audit/many_findings.json');
    expect(findings[0]).toMatchObject({
      ruleId: 'RUSTSEC-2020-0091',
      name: '[arc-swap 0.4.7] Dangling reference in `access::Map` with Constant',
      severity: 'high',
      cve: ['RUSTSEC-2020-0091', 'CVE-2020-35711'],
      location: {
        kind: 'package',
        name: 'arc-swap',
        version: '0.4.7',
        fixedVersion: '0.4.8',
        purl: 'pkg:cargo/arc-swap@0.4.7',
      },
      occurrences: 1,
    });
    expect(findings[0]?.attributes).toMatchObject({
      published: '2020-12-10',
      keywords: ['dangling reference'],
    });
    expect(findings[1]).toMatchObject({
      ruleId: 'RUSTSEC-2021-0020',
      name: '[hyper 0.13.9] Multiple Transfer-Encoding headers misinterprets request payload',
      cve: ['RUSTSEC-2021-0020', 'CVE-2021-21299'],
    });
    expect(findings[1]?.attributes.keywords).toEqual(['http', 'request-smuggling']);
    const smallvec = byRule(findings, 'RUSTSEC-2021-0003');
    expect(smallvec.map((f) => f.location?.kind === 'package' && f.location.version)).toEqual([
      '0.6.13',
      '1.5.0',
    ]);
    expect(smallvec[0]?.cve).toEqual(['RUSTSEC-2021-0003', 'CVE-2021-25900']);
    const unmaintained = findings.filter((f) => f.attributes.warning === 'unmaintained');
    expect(unmaintained.map((f) => f.ruleId)).toEqual([
      'RUSTSEC-2021-0064',
      'RUSTSEC-2020-0016',
      'RUSTSEC-2020-0056',
    ]);
    expect(unmaintained.every((f) => f.severity === 'info')).toBe(true);
    const yanked = findings.filter((f) => f.attributes.warning === 'yanked');
    expect(yanked).toHaveLength(6);
    expect(yanked[0]).toMatchObject({
      ruleId: 'cargo-audit:yanked',
      severity: 'info',
      location: { name: 'arc-swap' },
    });
  });

  it('many_findings_cvss.json: severity from the CVSS 3 score, high without a vector', async () => {
    const findings = await parseFixture('cargo_audit/many_findings_cvss.json');
    expect(byRule(findings, 'RUSTSEC-2026-0047')[0]).toMatchObject({
      severity: 'high',
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N', score: 7.5 },
    });
    expect(byRule(findings, 'RUSTSEC-2026-0045')[0]).toMatchObject({
      severity: 'medium',
      cvss: { score: 5.9 },
    });
    expect(byRule(findings, 'RUSTSEC-2026-0044')[0]?.severity).toBe('high');
    expect(byRule(findings, 'RUSTSEC-2026-0044')[0]?.cvss).toBeUndefined();
    // CVSS 4.0: the vector is kept; no 4.0 calculator here, so the default (high) where DefectDojo says Critical.
    expect(byRule(findings, 'RUSTSEC-2026-0141')[0]).toMatchObject({
      severity: 'high',
      cvss: { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:L/SI:L/SA:N' },
    });
  });

  it('detects nothing but cargo-audit reports', () => {
    for (const { file, head } of foreignHeads(['cargo_audit'], [ID]))
      expect(cargoAuditParser.detect(head), file).toBe(0);
  });
});

describe('cargo-audit own fixtures', () => {
  it('auto-detects every report in test/data/cargo-audit', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('0.13: a flat warnings array, kind as {"unmaintained": {advisory}} and "yanked"', async () => {
    const findings = await parse({ path: data('cargo-audit-0.13-warnings-array.json') });
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([
      ['RUSTSEC-2020-0071', 'medium'],
      ['RUSTSEC-2020-0036', 'info'],
      ['cargo-audit:yanked', 'info'],
    ]);
    expect(findings[0]).toMatchObject({
      cvss: { score: 5.9 },
      location: { name: 'time', version: '0.1.43', fixedVersion: '0.2.23' },
      mitigation: 'Update time to >=0.2.23',
    });
    expect(findings[0]?.attributes.affectedFunctions).toEqual(['time::OffsetDateTime::now_local']);
    expect(findings[1]?.attributes.warning).toBe('unmaintained');
  });

  it('0.18: critical from CVSS 9.8, an unsound warning is low', async () => {
    const [regex, atty] = await parse({ path: data('cargo-audit-0.18-unsound-critical.json') });
    expect(regex).toMatchObject({
      severity: 'critical',
      cve: ['RUSTSEC-2022-0013', 'CVE-2022-24713', 'GHSA-m5pq-gvj9-9vr8'],
      references: ['https://groups.google.com/g/rustlang-security-announcements/c/NcNNL1Jq7Yw'],
    });
    expect(atty).toMatchObject({
      ruleId: 'RUSTSEC-2021-0145',
      severity: 'low',
      attributes: { warning: 'unsound' },
    });
  });

  it('a malformed record is a ParseError naming its path', async () => {
    const text =
      '{"database":{"advisory-count":1},"lockfile":{"dependency-count":1},"vulnerabilities":{"found":true,"count":1,"list":[{"advisory":{"id":"RUSTSEC-2020-0001","title":"x"},"package":{"name":"a"}}]},"warnings":{}}';
    const err = await parse({ text }).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toContain('$.vulnerabilities.list[0].package.version');
  });

  it('a document without vulnerabilities.list is a ParseError', async () => {
    const { findings } = await parseReport({ text: '{"lockfile":{}}' }, { scannerType: ID });
    const err = await collect(findings).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
  });
});
