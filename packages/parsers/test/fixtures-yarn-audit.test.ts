import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { detectScanner, isParseError } from '../src/index.js';
import { yarnAuditParser } from '../src/scanners/yarn-audit.js';
import { expectedFor, fixturePath, foreignHeads, SAME_FORMAT_AS } from './expected.js';
import { dataDir, parseFindings } from './support/parse-report.js';

const ID = 'yarn-audit';
const data = dataDir(ID);

const parse = (source: { path: string } | { text: string }, oneFindingPerRecord = false) =>
  parseFindings(source, { scannerType: ID, oneFindingPerRecord });
const parseFixture = (file: string, one = false) => parse({ path: fixturePath(file) }, one);

describe.runIf(need('fixtures'))('yarn audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('yarn_audit');

  it('has the yarn_audit fixtures; all but the npm 6 ones are detected as yarn-audit', async () => {
    expect(entries.length).toBe(9);
    for (const e of entries)
      expect((await detectScanner({ path: fixturePath(e.file) })).scanner, e.file).toBe(
        SAME_FORMAT_AS[e.file] ?? ID,
      );
  });

  const here: Record<string, number | 'error'> = {
    // Not asserted by DefectDojo: the same three advisories as issue_6495.json.
    'yarn_audit/issue_6495_multi_cwe_fabricated.json': 3,
    'yarn_audit/empty_with_error.json': 'error',
  };

  // One finding per advisory and package version (yarn 1 repeats an advisory per dependency path): 7/7 agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const want = here[file] ?? e.expected_findings;
    if (want === 'error') {
      const err = await parseFixture(file).catch((x: unknown) => x);
      expect(isParseError(err)).toBe(true);
      expect((err as Error).message).toMatch(/yarn audit report contains errors: ECONNREFUSED/);
      expect((err as Error).message).not.toContain('127.0.0.1');
      return;
    }
    expect(await parseFixture(file)).toHaveLength(want!);
  });

  it('yarn_audit_one_vul.json: handlebars 4.5.2', async () => {
    const [f] = await parseFixture('yarn_audit/yarn_audit_one_vul.json');
    expect(f).toMatchObject({
      tool: { id: ID },
      ruleId: 'npm:1325',
      name: 'Prototype Pollution',
      severity: 'high',
      cwe: ['CWE-471'],
      location: { kind: 'package', name: 'handlebars', version: '4.5.2', purl: 'pkg:npm/handlebars@4.5.2' },
    });
  });

  it('yarn_audit_multiple_cwes.json: CWE lists in strings; repeats per path merged (11 records)', async () => {
    const findings = await parseFixture('yarn_audit/yarn_audit_multiple_cwes.json');
    expect(findings.map((f) => [f.cwe, f.cve[0], f.occurrences])).toEqual([
      [['CWE-1333'], 'CVE-2021-3803', 1],
      [['CWE-173', 'CWE-200', 'CWE-601'], 'CVE-2022-0235', 5],
      [['CWE-918', 'CWE-1333'], 'CVE-2021-3807', 5],
    ]);
    expect(await parseFixture('yarn_audit/yarn_audit_multiple_cwes.json', true)).toHaveLength(11);
  });

  it('yarn_audit_multiple_cwes2.json: a real CWE list', async () => {
    const [first, second] = await parseFixture('yarn_audit/yarn_audit_multiple_cwes2.json');
    expect(first?.cwe).toEqual(['CWE-918', 'CWE-1333']);
    expect(second?.cve[0]).toBe('CVE-2021-3807');
  });

  it('yarn2_audit_issue9911.json (yarn 4 lines): deprecations and an advisory', async () => {
    const findings = await parseFixture('yarn_audit/yarn2_audit_issue9911.json');
    expect(findings[0]).toMatchObject({
      ruleId: 'deprecation',
      name: '@babel/plugin-proposal-class-properties (deprecation)',
      severity: 'medium',
      location: { name: '@babel/plugin-proposal-class-properties', version: '7.18.6' },
    });
    expect(findings[0]?.attributes.dependents).toEqual(['jscodeshift@npm:0.14.0']);
    expect(findings[1]?.severity).toBe('medium');
    expect(findings[3]).toMatchObject({
      ruleId: 'GHSA-37q5-v5qm-c9v8',
      name: 'Transformers Deserialization of Untrusted Data vulnerability',
      severity: 'low',
      cve: ['GHSA-37q5-v5qm-c9v8'],
      location: { name: 'transformers', version: '4.38' },
    });
  });

  it('issue_6495*.json (yarn 2/3: the npm 6 object) by explicit type: CWE and CVE', async () => {
    const findings = await parseFixture('yarn_audit/issue_6495.json');
    expect(findings.every((f) => f.tool.id === ID)).toBe(true);
    expect(findings[0]?.cwe).toEqual(['CWE-1321']);
    expect(findings[1]?.cve[0]).toBe('CVE-2022-25851');
    const [fabricated] = await parseFixture('yarn_audit/issue_6495_multi_cwe_fabricated.json');
    expect(fabricated?.cwe).toEqual(['CWE-1321', 'CWE-915']);
  });

  it('detects nothing but yarn audit reports (npm audit reports included)', () => {
    const npm6 = Object.keys(SAME_FORMAT_AS).filter((f) => f.startsWith('yarn_audit/'));
    const heads = [
      ...foreignHeads(['yarn_audit'], [ID]),
      ...foreignHeads([], [], []).filter((h) => npm6.includes(h.file)),
    ];
    for (const { file, head } of heads) expect(yarnAuditParser.detect(head), file).toBe(0);
  });
});

describe('yarn audit own fixtures', () => {
  it('auto-detects every report in test/data/yarn-audit', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('yarn 1 with auditAction lines: one finding, GHSA rule, CVSS, both paths merged', async () => {
    const findings = await parse({ path: data('yarn1-audit-actions.jsonl') });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'GHSA-xvch-5gv4-984h',
      severity: 'critical',
      cve: ['CVE-2021-44906', 'GHSA-xvch-5gv4-984h'],
      cvss: { score: 9.8 },
      location: { name: 'minimist', version: '0.0.8', fixedVersion: '1.2.6' },
      occurrences: 2,
    });
  });

  it('yarn 4: several tree versions, virtual hashes dropped from dependents', async () => {
    const [semver] = await parse({ path: data('yarn4-npm-audit.jsonl') });
    expect(semver).toMatchObject({ ruleId: 'GHSA-c2qf-rxjj-qqgw', location: { version: '7.3.8' } });
    expect(semver?.attributes).toMatchObject({
      versions: ['7.3.8', '7.5.1'],
      vulnerableVersions: '>=7.0.0 <7.5.2',
      dependents: ['eslint-plugin-import@npm:2.27.5', '@typescript-eslint/typescript-estree@npm:5.59.0'],
    });
  });

  it('a malformed line is a ParseError naming the line', async () => {
    const text = '{"type":"auditAdvisory","data":{"advisory":{"id":1}}}\n';
    const err = await parse({ text }).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toMatch(/line 1: \$\.data\.advisory/);
    const cut = await parse({ text: '{"value":"a","children":{"ID":1,' }).catch((e: unknown) => e);
    expect((cut as { detail: string }).detail).toMatch(
      /at line 1: expected one complete JSON object per line/,
    );
  });
});
