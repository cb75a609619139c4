import { readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { dependencyTrackParser } from '../src/scanners/dependency-track.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg } from './support/parse-report.js';

const FOLDER = 'dependency_track';
const data = dataDir('dependency-track');

const parse = (path: string, oneFindingPerRecord = false) =>
  parseDetected('dependency-track', { path }, { oneFindingPerRecord });

/** Where our count differs from DefectDojo's, and why. */
const OUR_COUNT: Record<string, number> = {
  // findings[2] and [3] have the same matrix (project:component:vulnerability): one finding, 2 occurrences.
  'dependency_track/many_findings.json': 3,
  // findings[3] and [10] repeat one matrix (two analyzers attributed CVE-2025-62718 to axios 1.13.6).
  'dependency_track/deptrack_npm_4.14.1.json': 21,
};

const checks: Record<string, (f: Finding[]) => void> = {
  'dependency_track/many_findings.json': (f) => {
    expect(f[0]).toMatchObject({
      ruleId: '533',
      name: 'timespan:2.3.0 affected by: 533 (NPM)',
      severity: 'low',
      cwe: ['CWE-400'],
      cve: ['533'],
    });
    expect(f[1]?.cve).toEqual(['48']);
    expect(f[2]).toMatchObject({
      cve: ['CVE-2016-2097'],
      severity: 'medium',
      stableId:
        '8d7f5fcd-210b-491d-a29e-904c2e01b281:3e52f829-3317-48c3-bde1-342c610bd223:900991f6-335a-49cb-9bf6-87b545f960ce',
      occurrences: 2,
      attributes: {
        analysisState: 'FALSE_POSITIVE',
        vulnerabilityUuid: '900991f6-335a-49cb-9bf6-87b545f960ce',
      },
    });
  },
  'dependency_track/one_finding.json': ([f]) => {
    expect(f?.stableId).toBe(
      'ca4f2da9-0fad-4a13-92d7-f627f3168a56:b815b581-fec1-4374-a871-68862a8f8d52:115b80bb-46c4-41d1-9f10-8a175d4abb46',
    );
    expect(f?.cvss).toEqual({
      version: '3.0',
      vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      score: 9.8,
    });
    expect(f?.attributes).toMatchObject({
      cvssV4Vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:L/SC:N/SI:N/SA:N',
      published: '2025-07-11T03:16:03.563Z',
    });
    expect(f?.references).toEqual(['https://example.com', 'https://example.org']);
  },
  'dependency_track/dependency_track_4.10_2024_02_11.json': ([f]) => {
    expect(f?.cve).toContain('CVE-2023-45803');
    expect(f?.cvss?.score).toBe(4.2);
    expect(f?.attributes).toMatchObject({ epssScore: 0.00043, epssPercentile: 0.07756 });
    expect(pkg(f)).toMatchObject({ name: 'urllib3', version: '1.26.16', purl: 'pkg:pypi/urllib3@1.26.16' });
  },
  'dependency_track/deptrack_npm_4.14.1.json': (f) => {
    expect(f[2]?.cve).toEqual(['GHSA-3p68-rc4w-qgx5', 'CVE-2025-62718']);
    expect(f[4]?.cve).toContain('GHSA-q4gf-8mx6-v5v3');
    expect(f.some((x) => x.cve.includes('GHSA-w5hq-g745-h8pq'))).toBe(true);
  },
  'dependency_track/deptrack_php_4.14.1.json': (f) => {
    expect(f[12]?.cve).toContain('GHSA-qrr6-mg7r-m243');
    expect(f[0]?.cve).toEqual(expect.arrayContaining(['GHSA-4486-gxhx-5mg7', 'CVE-2026-25129']));
  },
  'dependency_track/many_findings_with_alias.json': ([f]) =>
    expect(f?.cve).toEqual(expect.arrayContaining(['CVE-2022-42004', 'DSA-5283-1', 'GHSA-rgv9-q543-rqg4'])),
  'dependency_track/many_findings_with_cvssV3_score.json': ([f]) => {
    expect(f?.cve).toContain('CVE-2022-42004');
    expect(f?.cvss?.score).toBe(8.3);
  },
  'dependency_track/many_findings_with_empty_alias.json': (f) =>
    expect(f[11]?.cve).toContain('CVE-2022-2053'),
  'dependency_track/one_finding_ghsa_empty_aliases.json': ([f]) =>
    expect(f?.cve).toEqual(['GHSA-w5hq-g745-h8pq']),
  'dependency_track/one_finding_with_analysis_detail.json': ([f]) => {
    expect(f?.description).toContain(
      'Audit Detail: Reviewed and confirmed vulnerable. Upgrade scheduled for next sprint.',
    );
    expect(f?.attributes.analysisState).toBe('IN_TRIAGE');
  },
};

describe.runIf(need('fixtures'))('dependency-track: DefectDojo samples', () => {
  for (const e of expectedFor(FOLDER)) {
    it(`${e.file}: ${OUR_COUNT[e.file] ?? e.expected_findings} findings`, async () => {
      const f = await parse(fixturePath(e.file));
      expect(f).toHaveLength(OUR_COUNT[e.file] ?? (e.expected_findings as number));
      for (const x of f) {
        expect(x.tool.id).toBe('dependency-track');
        expect(x.stableId).toMatch(/^[^:]+:[^:]+:[^:]+$/);
        expect(pkg(x)?.name).toBeTruthy();
      }
      checks[e.file]?.(f);
    });
  }

  it('one finding per record gives DefectDojo counts where we merge repeats', async () => {
    for (const file of Object.keys(OUR_COUNT)) {
      const expected = expectedFor(FOLDER).find((e) => e.file === file)?.expected_findings;
      expect(await parse(fixturePath(file), true)).toHaveLength(expected as number);
    }
  });

  it('detects no other format as Dependency-Track', () => {
    for (const { file, head } of foreignHeads([FOLDER], ['dependency-track']))
      expect(dependencyTrackParser.detect(head), file).toBe(0);
  });
});

describe('dependency-track: own fixtures', () => {
  it('FPF 1.2 (Dependency-Track 4.11): suppression, analysis, aliases, UNASSIGNED severity, CVSS v2', async () => {
    const file = data('fpf-1.2-dt-4.11-suppressed.json');
    expect((await detectScanner({ path: file })).scanner).toBe('dependency-track');
    const [a, b] = await parse(file);
    expect(a).toMatchObject({
      tool: { id: 'dependency-track', name: 'Dependency-Track', version: '4.11.4' },
      ruleId: 'CVE-2022-1471',
      severity: 'high',
      cwe: ['CWE-502'],
      cve: ['CVE-2022-1471', 'GHSA-mjmj-j48q-9wg2'],
      identifiedAt: '2025-03-10T14:22:05.117Z',
      mitigation: 'Upgrade to SnakeYAML 2.0 and use SafeConstructor.',
      attributes: {
        suppressed: true,
        analysisState: 'NOT_AFFECTED',
        analysisJustification: 'CODE_NOT_REACHABLE',
        analysisResponse: 'WILL_NOT_FIX',
        project: 'billing-service',
        projectVersion: '2.8.0',
        group: 'org.yaml',
        latestVersion: '2.2',
      },
    });
    expect(pkg(a)).toEqual({
      kind: 'package',
      name: 'snakeyaml',
      version: '1.33',
      purl: 'pkg:maven/org.yaml/snakeyaml@1.33?type=jar',
      ecosystem: 'maven',
    });
    // UNASSIGNED: the severity comes from the only score (CVSS v2 7.5).
    expect(b).toMatchObject({ severity: 'high', cvss: { version: '2.0', score: 7.5 } });
    expect(b?.cvss?.vector).toBe('AV:N/AC:L/Au:N/C:P/I:P/A:P');
    expect(b?.references).toEqual(['https://ossindex.sonatype.org/vulnerability/sonatype-2015-0002']);
  });

  it('a finding without its vulnerability id is a ParseError at its JSON path', async () => {
    const doc = JSON.parse(readFileSync(data('fpf-1.2-dt-4.11-suppressed.json'), 'utf8')) as {
      findings: { vulnerability: Record<string, unknown> }[];
    };
    delete doc.findings[1]!.vulnerability.vulnId;
    const { findings } = await parseReport(
      { text: JSON.stringify(doc) },
      { scannerType: 'dependency-track' },
    );
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^dependency-track: at \$\.findings\[1\]\.vulnerability\.vulnId: expected/,
    );
  });

  it('a findings member that is not an array is a ParseError', async () => {
    const text = JSON.stringify({ version: '1.2', meta: { application: 'Dependency-Track' }, findings: 3 });
    const { findings } = await parseReport({ text }, { scannerType: 'auto' });
    await expect(collect(findings)).rejects.toThrow(/\$\.findings: expected an array of findings/);
  });

  it('an unknown severity word warns and becomes medium', async () => {
    const doc = JSON.parse(readFileSync(data('fpf-1.2-dt-4.11-suppressed.json'), 'utf8')) as {
      findings: { vulnerability: Record<string, unknown> }[];
    };
    doc.findings[0]!.vulnerability.severity = 'SEVERE-ISH';
    const warnings: string[] = [];
    const { findings } = await parseReport(
      { text: JSON.stringify(doc) },
      { scannerType: 'dependency-track', onWarning: (w) => warnings.push(w) },
    );
    expect((await collect(findings))[0]?.severity).toBe('medium');
    expect(warnings[0]).toMatch(/findings\[0\]\.vulnerability\.severity: unknown severity/);
  });
});
