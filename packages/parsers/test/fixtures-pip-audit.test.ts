import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, isParseError, parseReport } from '../src/index.js';
import { pipAuditParser } from '../src/scanners/pip-audit.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, parseFindings } from './support/parse-report.js';

const ID = 'pip-audit';
const data = dataDir(ID);

const parse = (source: { path: string } | { text: string }, warnings: string[] = []) =>
  parseDetected(ID, source, { onWarning: (w) => warnings.push(w) });
/** empty.json is `[]`: nothing to recognise (detection refuses it), so it is read by explicit type. */
const EMPTY = 'pip_audit/empty.json';
async function parseFixture(file: string): Promise<Finding[]> {
  if (file !== EMPTY) return parse({ path: fixturePath(file) });
  return parseFindings({ path: fixturePath(file) }, { scannerType: ID });
}

describe.runIf(need('fixtures'))('pip-audit fixtures (DefectDojo)', () => {
  const entries = expectedFor('pip_audit');

  it('has the pip_audit fixtures, all but `[]` detected as pip-audit', async () => {
    expect(entries.length).toBe(6);
    for (const e of entries.filter((x) => x.file !== EMPTY))
      expect((await detectScanner({ path: fixturePath(e.file) })).scanner, e.file).toBe(ID);
  });

  // One finding per vulnerability of a dependency, as DefectDojo: 6/6 agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parseFixture(file)).toHaveLength(e.expected_findings!);
  });

  it.each(['pip_audit/many_vulns.json', 'pip_audit/many_vulns_new.json'])(
    '%s: aiohttp, django, lxml, twisted',
    async (file) => {
      const findings = await parseFixture(file);
      expect(findings[0]).toMatchObject({
        ruleId: 'PYSEC-2021-76',
        name: 'PYSEC-2021-76 in aiohttp:3.6.2',
        severity: 'medium',
        cve: ['PYSEC-2021-76'],
        location: {
          kind: 'package',
          name: 'aiohttp',
          version: '3.6.2',
          fixedVersion: '3.7.4',
          purl: 'pkg:pypi/aiohttp@3.6.2',
        },
        mitigation: 'Upgrade to version: 3.7.4',
      });
      expect(findings[1]?.name).toBe('PYSEC-2021-439 in django:3.2.9');
      expect(findings[2]?.name).toBe('PYSEC-2021-852 in lxml:4.6.4');
      expect(findings.slice(3).map((f) => f.name)).toEqual([
        'PYSEC-2019-128 in twisted:18.9.0',
        'PYSEC-2020-260 in twisted:18.9.0',
        'PYSEC-2019-129 in twisted:18.9.0',
        'PYSEC-2020-259 in twisted:18.9.0',
      ]);
    },
  );

  it('the two layouts give the same fingerprints', async () => {
    const old = await parseFixture('pip_audit/many_vulns.json');
    const next = await parseFixture('pip_audit/many_vulns_new.json');
    expect(next.map((f) => f.fingerprint)).toEqual(old.map((f) => f.fingerprint));
  });

  it('a skipped dependency is a warning, not a finding', async () => {
    const warnings: string[] = [];
    expect(await parse({ path: fixturePath('pip_audit/zero_vulns.json') }, warnings)).toEqual([]);
    expect(warnings).toEqual(['pip-audit: 1 dependency(ies) were skipped by pip-audit and not audited']);
  });

  it('detects nothing but pip-audit reports', () => {
    for (const { file, head } of foreignHeads(['pip_audit'], [ID]))
      expect(pipAuditParser.detect(head), file).toBe(0);
  });
});

describe('pip-audit own fixtures', () => {
  it('auto-detects every report in test/data/pip-audit', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('2.7 with --fix: aliases, the fix above the installed version, PEP 503 purl', async () => {
    const findings = await parse({ path: data('pip-audit-2.7-fix.json') });
    expect(findings.map((f) => f.ruleId)).toEqual([
      'GHSA-xqr8-7jwr-rhp7',
      'PYSEC-2021-66',
      'GHSA-h5c8-rqwp-cp95',
    ]);
    expect(findings[0]).toMatchObject({
      cve: ['GHSA-xqr8-7jwr-rhp7', 'CVE-2023-37920', 'PYSEC-2023-135'],
      location: { name: 'certifi', version: '2022.12.7', fixedVersion: '2023.7.22' },
    });
    expect(findings[1]?.location).toMatchObject({
      name: 'Jinja2',
      fixedVersion: '2.11.3',
      purl: 'pkg:pypi/jinja2@2.11.2',
    });
  });

  it('a malformed dependency is a ParseError naming its path', async () => {
    const { findings } = await parseReport(
      { text: '{"dependencies":[{"name":"a","version":"1","vulns":[{"fix_versions":[]}]}]}' },
      { scannerType: ID },
    );
    const err = await collect(findings).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toContain('$.dependencies[0].vulns[0].id');
  });
});
