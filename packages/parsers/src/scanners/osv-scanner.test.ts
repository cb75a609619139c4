import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { osvScannerParser } from './osv-scanner.js';

const vuln = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  summary: `summary of ${id}`,
  affected: [
    {
      package: { name: 'jinja2', ecosystem: 'PyPI', purl: 'pkg:pypi/jinja2' },
      ranges: [
        {
          type: 'ECOSYSTEM',
          events: [{ introduced: '0' }, { fixed: '2.11.3' }, { introduced: '3.0.0' }, { fixed: '3.1.3' }],
        },
      ],
    },
  ],
  references: [{ type: 'WEB', url: `https://example.org/${id}` }],
  ...over,
});
const report = (packages: unknown[]) =>
  JSON.stringify({ results: [{ source: { path: '/src/requirements.txt', type: 'lockfile' }, packages }] });
const pkg = (vulns: unknown[], groups?: unknown[]) => ({
  package: { name: 'jinja2', version: '3.0.3', ecosystem: 'PyPI' },
  vulnerabilities: vulns,
  ...(groups ? { groups } : {}),
});
const parse = (text: string) => collect(osvScannerParser.parse(new ParseInput({ text })));

describe('osv-scanner parser', () => {
  it('makes one finding per group: all ids, highest severity, next fixed version', async () => {
    const ghsa = vuln('GHSA-h5c8-rqwp-cp95', {
      aliases: ['CVE-2024-22195'],
      database_specific: { severity: 'MODERATE', cwe_ids: ['CWE-79'] },
    });
    const pysec = vuln('PYSEC-2024-1', {
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N' }],
    });
    const [f, ...rest] = await parse(
      report([
        pkg([ghsa, pysec], [{ ids: ['GHSA-h5c8-rqwp-cp95', 'PYSEC-2024-1'], aliases: ['CVE-2024-22195'] }]),
      ]),
    );
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      tool: { id: 'osv-scanner' },
      ruleId: 'GHSA-h5c8-rqwp-cp95',
      // MODERATE from the GHSA record, 7.5 (high) from the PYSEC vector: the highest wins
      severity: 'high',
      cwe: ['CWE-79'],
      cve: ['GHSA-h5c8-rqwp-cp95', 'PYSEC-2024-1', 'CVE-2024-22195'],
      cvss: { score: 7.5 },
      location: {
        kind: 'package',
        name: 'jinja2',
        version: '3.0.3',
        fixedVersion: '3.1.3',
        purl: 'pkg:pypi/jinja2@3.0.3',
        path: '/src/requirements.txt',
      },
      mitigation: 'Upgrade jinja2 from 3.0.3 to 3.1.3. Fixed in: 2.11.3, 3.1.3.',
    });
  });

  it('without groups (older osv-scanner) each vulnerability is a finding; group max_severity counts', async () => {
    expect(await parse(report([pkg([vuln('A'), vuln('B')])]))).toHaveLength(2);
    const [f] = await parse(report([pkg([vuln('C')], [{ ids: ['C'], max_severity: '9.1' }])]));
    expect(f?.severity).toBe('critical');
    const [none] = await parse(report([pkg([vuln('D')])]));
    expect(none).toMatchObject({ severity: 'medium', attributes: { severitySource: 'none' } });
  });

  it('reads an osv-scanner 2 image scan: Ubuntu priority words, CVSS 4 vectors, packages without vulnerabilities', async () => {
    // Our own report in osv-scanner 2's JSON shape (results, groups with experimental_analysis, image_metadata).
    const path = new URL('../../test/data/osv-scanner/v2-image-scan.json', import.meta.url).pathname;
    const [ubuntu, npm, ...rest] = await collect(osvScannerParser.parse(new ParseInput({ path })));
    expect(rest).toHaveLength(0);
    expect(ubuntu).toMatchObject({
      ruleId: 'UBUNTU-CVE-2023-5678',
      // the Ubuntu priority "low", not the medium used when a record has no severity
      severity: 'low',
      cve: ['UBUNTU-CVE-2023-5678', 'CVE-2023-5678'],
      location: {
        kind: 'package',
        name: 'openssl',
        version: '3.0.2-0ubuntu1.10',
        fixedVersion: '3.0.2-0ubuntu1.12',
        ecosystem: 'Ubuntu:22.04:LTS',
        path: '/var/lib/dpkg/status',
      },
    });
    expect(ubuntu?.attributes.severitySource).toBeUndefined();
    expect(npm).toMatchObject({
      ruleId: 'GHSA-3xgq-45jj-v275',
      name: 'Regular Expression Denial of Service (ReDoS) in cross-spawn',
      severity: 'high',
      cwe: ['CWE-1333'],
      cve: ['GHSA-3xgq-45jj-v275', 'CVE-2024-21538'],
      cvss: { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N' },
      location: {
        name: 'cross-spawn',
        version: '7.0.3',
        fixedVersion: '7.0.5',
        path: '/app/package-lock.json',
      },
    });
  });

  it('reads severity written per affected package (OSV 1.5) and skips incomplete severity entries', async () => {
    const [f] = await parse(
      report([
        pkg([
          vuln('PYSEC-2024-2', {
            severity: [{ type: 'CVSS_V3' }],
            affected: [
              {
                package: { name: 'jinja2', ecosystem: 'PyPI' },
                severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
                ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.1.4' }] }],
              },
            ],
            references: [{ type: 'WEB' }, { type: 'WEB', url: 'https://example.org/a' }],
          }),
        ]),
      ]),
    );
    expect(f).toMatchObject({
      severity: 'critical',
      cvss: { score: 9.8 },
      references: ['https://example.org/a'],
      location: { fixedVersion: '3.1.4' },
    });
  });

  it('with oneFindingPerRecord does not merge a repeated package entry', async () => {
    const text = report([pkg([vuln('A')]), pkg([vuln('A')])]);
    expect((await parse(text)).map((f) => f.occurrences)).toEqual([2]);
    const each = await collect(
      osvScannerParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }),
    );
    expect(each.map((f) => [f.ruleId, f.occurrences])).toEqual([
      ['A', 1],
      ['A', 1],
    ]);
  });

  it('names a git-sourced package by its source and commit', async () => {
    const git = {
      package: { name: '', version: '', ecosystem: '', commit: 'f5f3c22f' },
      vulnerabilities: [vuln('CVE-2023-50094', { affected: [] })],
    };
    const [f] = await parse(
      JSON.stringify({ results: [{ source: { path: '/src/repo/', type: 'git' }, packages: [git] }] }),
    );
    expect(f?.location).toMatchObject({ kind: 'package', name: '/src/repo/', version: 'f5f3c22f' });
  });

  it('gives ParseErrors for a group naming unknown ids and for other documents', async () => {
    const e1 = await parse(report([pkg([vuln('A')], [{ ids: ['Z'] }])])).catch((e: unknown) => e);
    expect(isParseError(e1) && e1.where.path).toBe('$.results[0].packages[0].groups[0]');
    const e2 = await parse('{"matches": []}').catch((e: unknown) => e);
    expect(isParseError(e2) && e2.where.path).toBe('$');
  });

  it('is detected, and semgrep results are not taken for it', () => {
    expect(detectScannerFromHead(report([pkg([vuln('A')])]))?.scanner).toBe('osv-scanner');
    expect(osvScannerParser.detect('{"results":[{"check_id":"x","path":"a","extra":{}}]}')).toBe(0);
  });
});
