import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { jfrogXrayParser } from '../src/scanners/jfrog-xray.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { parseDetected, pkg } from './support/parse-report.js';

const ID = 'jfrog-xray';
const small = new URL('./data/small/jfrog-xray.json', import.meta.url).pathname;

const parse = (path: string, oneFindingPerRecord = false) =>
  parseDetected(ID, { path }, { oneFindingPerRecord });

describe('JFrog Xray unified export (own sample)', () => {
  it('reads OS and npm components, ranges of one fixed version and Unknown severity', async () => {
    const [npm, deb] = await parse(small);
    expect(npm).toMatchObject({
      ruleId: 'XRAY-522743',
      severity: 'high',
      cve: ['CVE-2022-25883'],
      cvss: { version: '3.1', score: 7.5 },
      attributes: { impactedArtifact: 'docker://shop/web:1.4.2', fixedVersions: ['7.5.2', '6.3.1'] },
    });
    expect(pkg(npm)).toEqual({
      kind: 'package',
      name: 'semver',
      version: '7.3.8',
      fixedVersion: '7.5.2',
      purl: 'pkg:npm/semver@7.3.8',
      ecosystem: 'npm',
      path: 'docker-local/shop/web/1.4.2/manifest.json',
    });
    expect(deb).toMatchObject({ severity: 'info', attributes: { distro: 'debian:bullseye' } });
    expect(pkg(deb)).toMatchObject({ name: 'openssl', version: '1.1.1n-0+deb11u3', ecosystem: 'deb' });
  });

  it('Xray 2.x export {total_count, data[]}: Red Hat style CVSS, CWE, empty id', async () => {
    const [gav, npm] = await parse(new URL('./data/jfrog-xray/xray-2-export.json', import.meta.url).pathname);
    expect(gav).toMatchObject({
      ruleId: 'XRAY-72918',
      severity: 'high',
      cve: ['CVE-2015-7501'],
      cwe: ['CWE-502'],
      cvss: { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    });
    expect(pkg(gav)).toMatchObject({
      name: 'commons-collections:commons-collections',
      version: '3.2.1',
      fixedVersion: '3.2.2',
      purl: 'pkg:maven/commons-collections/commons-collections@3.2.1',
    });
    // No issue id: the CVE is the rule; Unknown is informational.
    expect(npm).toMatchObject({ ruleId: 'CVE-2016-10000', severity: 'info' });
  });

  it('a row without vulnerable_component is a ParseError at its path', async () => {
    const text = JSON.stringify({ total_rows: 1, rows: [{ issue_id: 'XRAY-1', severity: 'High' }] });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^jfrog-xray: at \$\.rows\[0\]\.vulnerable_component: expected/);
  });

  it('a document without rows is a ParseError', async () => {
    const { findings } = await parseReport({ text: '{"total_rows": 0}' }, { scannerType: ID });
    await expect(collect(findings)).rejects.toBeInstanceOf(ParseError);
  });
});

describe.runIf(need('fixtures'))('JFrog Xray fixtures (DefectDojo)', () => {
  const entries = expectedFor('jfrog_xray_unified');
  /**
   * Rows repeating issue, component and artifact path are one finding with occurrences (DefectDojo keeps
   * each row). Neither file has a DefectDojo count: 7 rows → 6; 1373 rows → 1172.
   */
  const merged: Record<string, number> = {
    'jfrog_xray_unified/dedupe_test.json': 6,
    'jfrog_xray_unified/many_vulns_1373_constructed.json': 1172,
  };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const findings = await parse(fixturePath(file));
    expect(findings).toHaveLength(merged[file] ?? e.expected_findings!);
    const rows = await parse(fixturePath(file), true);
    if (e.expected_findings !== null) expect(rows).toHaveLength(e.expected_findings);
  });

  it('one_vuln.json: title, id, CVE, component, path, CVSS, date', async () => {
    const [f] = await parse(fixturePath('jfrog_xray_unified/one_vuln.json'));
    expect(f?.name.startsWith('XRAY-139239 - This affects the package')).toBe(true);
    expect(f).toMatchObject({
      ruleId: 'XRAY-139239',
      severity: 'medium',
      cve: ['CVE-2020-28493'],
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', score: 5.3 },
      identifiedAt: '2021-01-15T04:39:25.000Z',
      mitigation: 'Upgrade Jinja2 to 2.11.3.',
    });
    expect(pkg(f)).toMatchObject({
      name: 'Jinja2',
      version: '2.11.2',
      fixedVersion: '2.11.3',
      ecosystem: 'pypi',
      path: 'pypi-remote/30/9e/f663a2aa66a09d838042ae1a2c5659828bb9b41ea3a6efa20a20fd92b121/Jinja2-2.11.2-py2.py3-none-any.whl',
    });
  });

  it('issue_13628.json: Critical, title from issue id and summary', async () => {
    const [f] = await parse(fixturePath('jfrog_xray_unified/issue_13628.json'));
    expect(f?.severity).toBe('critical');
    expect(f?.name).toBe(
      'XRAY-123 - The ip package before 1.1.9 for Node.js might allow SSRF because some IP addresses (such as 0x7f.1) are improperly categorized as globally routable via isPublic.',
    );
    expect(pkg(f)).toMatchObject({ name: 'ip', version: '2.0.0', fixedVersion: '2.0.1' });
  });

  it('detects every file of its folder, and no other report', async () => {
    const dir = fixturePath('jfrog_xray_unified');
    for (const f of readdirSync(dir))
      expect((await detectScanner({ path: `${dir}/${f}` })).scanner, f).toBe(ID);
    for (const { file, head } of foreignHeads(['jfrog_xray_unified'], [ID]))
      expect(jfrogXrayParser.detect(head), file).toBe(0);
  });
});
