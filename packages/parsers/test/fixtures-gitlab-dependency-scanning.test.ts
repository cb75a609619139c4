import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { gitlabDependencyScanningParser } from '../src/scanners/gitlab-dependency-scanning.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'gitlab-dependency-scanning';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });
const parseFixture = (file: string) => parsePath(fixturePath(file));

describe.runIf(need('fixtures'))('gitlab-dependency-scanning fixtures (DefectDojo)', () => {
  const entries = expectedFor('gitlab_dep_scan');

  it('has the gitlab_dep_scan fixtures', () => expect(entries.length).toBe(8));

  // 6/6 asserted counts agree; the two many-vuln files (no count asserted) give 6, as DefectDojo's import test.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    const findings = await parseFixture(file);
    expect(findings).toHaveLength(e.expected_findings ?? 6);
  });

  it('missing-component: the first has no package (dependency file kept), the second is the package', async () => {
    for (const v of ['v14', 'v15']) {
      const [a, b] = await parseFixture(
        `gitlab_dep_scan/gl-dependency-scanning-report-2-vuln-missing-component_${v}.json`,
      );
      expect(a).toMatchObject({
        name: 'XML Entity Expansion',
        severity: 'info',
        attributes: { severityUnknown: true },
        location: { kind: 'source', file: 'service/go.sum' },
      });
      expect(b).toMatchObject({
        severity: 'high',
        category: 'Dependency',
        cve: ['CVE-2020-29652'],
        location: {
          kind: 'package',
          name: 'golang.org/x/crypto',
          version: 'v0.0.0-20190308221718-c2843e01d9a2',
          fixedVersion: 'v0.0.0-20201216223049-8b5274cf687f',
          path: 'service/go.sum',
        },
      });
    }
  });

  it('many-vuln: first finding has exactly CVE-2020-29652; golang.org/x/text in two versions', async () => {
    const findings = await parseFixture('gitlab_dep_scan/gl-dependency-scanning-report-many-vuln_v15.json');
    expect(findings[0]?.cve).toEqual(['CVE-2020-29652']);
    const text = findings.filter(
      (f) => f.location?.kind === 'package' && f.location.name === 'golang.org/x/text',
    );
    expect(text.map((f) => (f.location?.kind === 'package' ? f.location.version : ''))).toEqual([
      'v0.3.0',
      'v0.3.2',
    ]);
    expect(text.every((f) => f.cve.includes('CVE-2020-14040'))).toBe(true);
  });

  it('multiple-cwe: CWE-776 and CWE-400 in order', async () => {
    const [f] = await parseFixture(
      'gitlab_dep_scan/gl-dependency-scanning-report-multiple-cwe-fabricated_v15.json',
    );
    expect(f?.cwe).toEqual(['CWE-776', 'CWE-400']);
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['gitlab_dep_scan'], [ID]))
      expect(gitlabDependencyScanningParser.detect(head), file).toBe(0);
  });
});

describe('gitlab-dependency-scanning own fixtures', () => {
  it('auto-detects every report in test/data/gitlab-dependency-scanning', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('schema 15.0.6 (gemnasium 4): package, fixed version, CVE and GHSA, CWE', async () => {
    const [f] = await parsePath(data('gl-dependency-scanning-report-15.0.6.json'));
    expect(f).toMatchObject({
      tool: { id: ID, name: 'GitLab Dependency Scanning' },
      ruleId: '2e6a6d5c-3c3b-4b5e-9b6a-0f6b5d0c1a2b',
      name: 'Prototype Pollution in lodash',
      severity: 'critical',
      cve: ['CVE-2019-10744', 'GHSA-jf85-cpcp-j695'],
      cwe: ['CWE-1321'],
      location: {
        kind: 'package',
        name: 'lodash',
        version: '4.17.11',
        fixedVersion: '4.17.12',
        path: 'package-lock.json',
      },
    });
  });

  it('schema 2.0 (no scan, cve key, Unknown severity): first fixed version of a list', async () => {
    const [f] = await parsePath(data('gl-dependency-scanning-report-2.0.json'));
    expect(f).toMatchObject({
      severity: 'info',
      stableId: 'yarn.lock:debug:gemnasium:37283ed4-0380-40d7-ada7-2d994afcc62a',
      attributes: { analyzer: 'Gemnasium', severityUnknown: true },
      location: {
        kind: 'package',
        name: 'debug',
        version: '1.0.5',
        fixedVersion: '2.6.9',
        path: 'yarn.lock',
      },
    });
  });

  it('a malformed location is a ParseError at its path; a SAST entry is refused', async () => {
    const bad = JSON.stringify({
      version: '15.0.0',
      vulnerabilities: [{ id: 'x', identifiers: [{ type: 'cve', value: 'CVE-1' }], location: { file: 3 } }],
    });
    const { findings } = await parseReport({ text: bad }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/at \$\.vulnerabilities\[0\]\.location\.file: expected/);
    const sast = JSON.stringify({
      version: '14.0.0',
      vulnerabilities: [
        { category: 'sast', identifiers: [{ type: 'x', value: 'y' }], location: { file: 'a' } },
      ],
    });
    const other = await collect((await parseReport({ text: sast }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect((other as ParseError).detail).toMatch(/\$\.vulnerabilities\[0\]\.category/);
  });
});
