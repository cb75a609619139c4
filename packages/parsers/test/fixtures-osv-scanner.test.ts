import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, parseReport } from '../src/index.js';
import { expectedFor, fixturePath } from './expected.js';

async function parseFixture(file: string): Promise<Finding[]> {
  const { findings } = await parseReport({ path: fixturePath(file) }, { scannerType: 'osv-scanner' });
  return collect(findings);
}

const idCount = (findings: Finding[]) =>
  findings.reduce((n, f) => n + (f.attributes.ids as string[]).length, 0);

describe.runIf(need('fixtures'))('OSV-Scanner fixtures (DefectDojo)', () => {
  const entries = expectedFor('osv_scanner');

  it('has the osv-scanner fixtures', () => {
    expect(entries.length).toBe(4);
  });

  /**
   * osv-scanner groups the ids of one vulnerability (a GHSA and its PYSEC twin); we make one finding
   * per group, DefectDojo one per id. many_findings.json: 66 ids in 37 groups (3/4 agree).
   */
  const grouped: Record<string, number> = { 'osv_scanner/many_findings.json': 37 };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parseFixture(file);
    expect(findings).toHaveLength(grouped[file] ?? e.expected_findings!);
    expect(idCount(findings)).toBe(e.expected_findings);
  });

  it('is detected as osv-scanner', async () => {
    const { scanner } = await parseReport({ path: fixturePath('osv_scanner/some_findings.json') });
    expect(scanner).toBe('osv-scanner');
  });

  it('some_findings.json: malicious package MAL-2023-1035', async () => {
    const [f] = await parseFixture('osv_scanner/some_findings.json');
    expect(f).toMatchObject({
      ruleId: 'MAL-2023-1035',
      cwe: ['CWE-506'],
      location: {
        kind: 'package',
        name: 'flot-axis',
        version: '0.0.0',
        ecosystem: 'npm',
        path: '/tmp/components/yarn.lock',
      },
      // DefectDojo says Low (no severity in the record); a malicious package is critical here.
      severity: 'critical',
    });
    expect(f?.cve).toEqual(['MAL-2023-1035', 'GHSA-8348-2q94-ffjx']);
  });

  it('multi_cwe_fabricated.json: all CWEs', async () => {
    const [f] = await parseFixture('osv_scanner/multi_cwe_fabricated.json');
    expect(f?.cwe).toEqual(['CWE-79', 'CWE-89']);
  });

  it('many_findings.json: first finding, lock file, django fix versions', async () => {
    const findings = await parseFixture('osv_scanner/many_findings.json');
    expect(findings[0]).toMatchObject({
      ruleId: 'GHSA-25mq-v84q-4j7r',
      severity: 'high',
      cve: ['GHSA-25mq-v84q-4j7r', 'CVE-2022-31090'],
      location: {
        name: 'guzzlehttp/guzzle',
        version: '6.3.3',
        fixedVersion: '6.5.8',
        purl: 'pkg:composer/guzzlehttp/guzzle@6.3.3',
      },
    });
    expect(findings[3]?.location).toMatchObject({
      name: 'guzzlehttp/guzzle',
      path: '/tmpcardmarket-api/composer.lock',
    });
    const django = findings.find((f) => f.ruleId === 'GHSA-53qw-q765-4fww');
    expect(django?.location).toMatchObject({ name: 'django', version: '3.2.4' });
    expect(django?.mitigation).toContain('2.2.26');
    expect(django?.attributes.ids).toEqual(['GHSA-53qw-q765-4fww', 'PYSEC-2022-1']);
  });

  it('no_findings.json: an empty file is no findings (with a warning)', async () => {
    const warnings: string[] = [];
    const { findings } = await parseReport(
      { path: fixturePath('osv_scanner/no_findings.json') },
      { scannerType: 'osv-scanner', onWarning: (w) => warnings.push(w) },
    );
    expect(await collect(findings)).toEqual([]);
    expect(warnings).toEqual(['osv-scanner: the report is empty; no findings']);
  });
});
