import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { mendParser } from '../src/scanners/mend.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { parseDetected, pkg } from './support/parse-report.js';

const ID = 'mend';
const small = new URL('./data/small/mend.json', import.meta.url).pathname;

const parse = (path: string, onWarning?: (m: string) => void) => parseDetected(ID, { path }, { onWarning });

describe('Mend legacy export (own sample)', () => {
  it('prefers the CVSS 3 severity and reads the fix version', async () => {
    const [f] = await parse(small);
    expect(f).toMatchObject({
      ruleId: 'CVE-2021-23337',
      name: 'CVE-2021-23337 | lodash-4.17.20.tgz',
      severity: 'high',
      cve: ['CVE-2021-23337'],
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', score: 7.2 },
      mitigation: 'Upgrade to version 4.17.21',
      attributes: { locations: ['web/package-lock.json'], project: 'shop-web' },
    });
    expect(pkg(f)).toMatchObject({ name: 'lodash', version: '4.17.20', fixedVersion: '4.17.21' });
  });

  it('a vulnerability without its name is a ParseError at its path', async () => {
    const text = JSON.stringify({ vulnerabilities: [{ severity: 'high', library: {} }] });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^mend: at \$\.vulnerabilities\[0\]\.name: expected/);
  });
});

describe.runIf(need('fixtures'))('Mend fixtures (DefectDojo)', () => {
  const entries = expectedFor('mend');

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parse(fixturePath(file))).toHaveLength(e.expected_findings!);
  });

  it('okhttp_one_vuln.json: CVE, CVSS 3 and fix', async () => {
    const [f] = await parse(fixturePath('mend/okhttp_one_vuln.json'));
    expect(f).toMatchObject({
      cve: ['CVE-2019-9658'],
      severity: 'medium',
      cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', score: 5.3 },
      mitigation: 'Upgrade To Version checkstyle-8.18',
    });
    expect(pkg(f)).toMatchObject({ name: 'checkstyle', version: '8.15', fixedVersion: '8.18' });
    expect(pkg(f)?.purl).toBe('pkg:maven/com.puppycrawl.tools/checkstyle@8.15');
  });

  it('mend_sca_vuln.json: title and the Windows location', async () => {
    const [f] = await parse(fixturePath('mend/mend_sca_vuln.json'));
    expect(f?.name).toBe('WS-2019-0379 | commons-codec-1.6.jar');
    expect(f?.mitigation).toBe('Upgrade to version commons-codec:commons-codec:1.13');
    expect(f?.attributes.locations).toEqual([
      'D:\\MendRepo\\test-product\\test-project\\test-project-subcomponent\\path\\to\\the\\Java\\commons-codec-1.6_donotuse.jar',
    ]);
  });

  it('platform API 3.0: title, CVSS, path; LIBRARY_REMOVED findings skipped with a warning', async () => {
    const [f] = await parse(fixturePath('mend/mend-sca-platform-api3-one-finding.json'));
    expect(f).toMatchObject({
      name: 'CVE-2024-51744 | github.com/golang-JWT/jwt-v3.2.2+incompatible',
      cve: ['CVE-2024-51744'],
      severity: 'low',
      cvss: { vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', score: 3.1 },
      identifiedAt: '2024-11-10T08:47:02.000Z',
    });
    expect(pkg(f)).toMatchObject({
      name: 'github.com/golang-JWT/jwt',
      version: 'v3.2.2+incompatible',
      path: '/source/go.mod',
    });
    const warnings: string[] = [];
    const many = await parse(fixturePath('mend/mend-sca-platform-api3-multiple-findings.json'), (m) =>
      warnings.push(m),
    );
    expect(many.map((x) => x.ruleId)).toEqual([
      'CVE-2018-8032',
      'CVE-2014-3596',
      'CVE-2019-0227',
      'CVE-2023-40743',
      'CVE-2023-51441',
    ]);
    expect(many[3]?.severity).toBe('critical');
    expect(warnings).toEqual([
      'mend: 6 finding(s) with status LIBRARY_REMOVED (not active) are not imported',
    ]);
  });

  it('the Unified Agent scan report: one finding per vulnerability of each library', async () => {
    const f = await parse(fixturePath('mend/cli_generated_many_vulns.json'));
    expect(f[0]).toMatchObject({ ruleId: 'CVE-2018-11499', severity: 'high', cvss: { score: 9.8 } });
    expect(pkg(f[0])).toMatchObject({ name: 'libsass', version: '3.5.5', fixedVersion: '3.6.0' });
    expect(f[0]?.attributes.locations).toContain('/data/node_modules/node-sass/src/libsass/src/parser.cpp');
    expect(JSON.stringify(f)).not.toContain('0dcad4cd614739aec3e3cb64d835b5');
  });

  it('detects every file of its folder, and no other report', async () => {
    const dir = fixturePath('mend');
    for (const f of readdirSync(dir))
      expect((await detectScanner({ path: `${dir}/${f}` })).scanner, f).toBe(ID);
    for (const { file, head } of foreignHeads(['mend'], [ID])) expect(mendParser.detect(head), file).toBe(0);
  });
});
