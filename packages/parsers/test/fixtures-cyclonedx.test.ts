import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { cyclonedxParser } from '../src/scanners/cyclonedx.js';
import { dependencyTrackParser } from '../src/scanners/dependency-track.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg } from './support/parse-report.js';

const FOLDER = 'cyclonedx';
const data = dataDir('cyclonedx');

const parse = (path: string) => parseDetected('cyclonedx', { path });
const byId = (f: Finding[], id: string) => f.find((x) => x.ruleId === id);

const LOG4J_CVSS = { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', score: 10 };
const log4j = ([f]: Finding[]) => {
  expect(f).toMatchObject({
    name: 'log4j-core:2.13.2 | CVE-2021-44228',
    severity: 'critical',
    cvss: LOG4J_CVSS,
  });
  expect(pkg(f)).toMatchObject({ name: 'log4j-core', version: '2.13.2', ecosystem: 'maven' });
};
// CycloneDX's method CVSSv3 is CVSS 3.0: a vector written without its prefix gets `CVSS:3.0/`
// (DefectDojo writes CVSS:3.1/); the base score is the same.
const JACKSON_CVSS = { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 };
const spec1 = ([f]: Finding[]) => {
  expect(f).toMatchObject({
    name: 'jackson-databind:2.9.9 | CVE-2018-7489',
    ruleId: 'CVE-2018-7489',
    severity: 'critical',
    cwe: ['CWE-184', 'CWE-502'],
    cve: ['CVE-2018-7489'],
    cvss: JACKSON_CVSS,
    mitigation: 'Upgrade',
  });
  expect(pkg(f)).toMatchObject({ name: 'jackson-databind', version: '2.9.9' });
};
const valid14 =
  (ids: string[]) =>
  ([f]: Finding[]) => {
    expect(f).toMatchObject({
      name: 'jackson-databind:2.9.4 | SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111',
      severity: 'critical',
      cwe: ['CWE-184', 'CWE-502'],
      cve: ids,
      cvss: JACKSON_CVSS,
      attributes: { vexState: 'not_affected', notExposed: true, vexJustification: 'code_not_reachable' },
    });
    expect(f?.mitigation).toContain('Upgrade com.fasterxml.jackson.core:jackson-databind');
    expect(f?.mitigation).toContain('An optional explanation of why the application is not affected');
    expect(f?.references).toContain(
      'https://github.com/FasterXML/jackson-databind/commit/6799f8f10cc78e9af6d443ed6982d00a13f2e7d2',
    );
  };

const checks: Record<string, (f: Finding[]) => void> = {
  'cyclonedx/dd_1_15_0.xml': (f) => {
    expect(f[0]).toMatchObject({ severity: 'low', location: { name: 'apt', version: '1.8.2.1' } });
    expect(f[5]).toMatchObject({
      severity: 'info',
      location: { name: 'bind9-host', version: '1:9.11.5.P4+dfsg-5.1+deb10u3' },
    });
    expect(f[379]).toMatchObject({
      severity: 'low',
      cve: ['CVE-2019-9923'],
      location: { name: 'tar', version: '1.30+dfsg-6' },
    });
    expect(f[380]).toMatchObject({ severity: 'low', cve: ['CVE-2021-20193'] });
  },
  'cyclonedx/grype_dd_1_14_1.xml': (f) => {
    expect(f[0]).toMatchObject({
      severity: 'low',
      identifiedAt: '2021-04-13T10:55:07.000Z',
      tool: { name: 'grype', version: '0.7.0' },
      location: { name: 'Django', version: '2.2.18', path: 'defectdojo/defectdojo-django:1.14.1' },
    });
    expect(f[200]).toMatchObject({
      cve: ['CVE-2019-6988'],
      location: { name: 'libopenjp2-7', version: '2.3.0-2+deb10u2' },
    });
  },
  // Its ref names no component of the BOM: it waits for the end (components might follow), so it
  // comes last; the purl in the ref gives the package.
  'cyclonedx/issue_9277.json': (f) => {
    expect(f[13]).toMatchObject({
      ruleId: 'TEMP-0290435-0B57B5',
      description: 'Description was not provided.',
    });
    expect(pkg(f[13])).toMatchObject({ name: 'tar', version: '1.30+dfsg-6', ecosystem: 'deb' });
  },
  'cyclonedx/jake2.json': (f) => {
    const a = byId(f, 'c7129ff8-08bc-4afe-82ec-7d97b9491741');
    expect(a).toMatchObject({
      name: 'Django:2.0 | c7129ff8-08bc-4afe-82ec-7d97b9491741',
      severity: 'high',
      identifiedAt: '2022-01-28T07:05:16.397Z',
      cvss: { version: '3.0', vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 },
    });
    expect(a?.cve[1]).toBe('CVE-2021-33203');
    expect(byId(f, 'c9b6a6a5-01a4-4d4c-b480-b9d6825dc4d0')).toMatchObject({ severity: 'medium' });
    expect(byId(f, 'c9b6a6a5-01a4-4d4c-b480-b9d6825dc4d0')?.cve).toContain('CVE-2018-7536');
    expect(byId(f, '90cfba6a-ddc9-4708-b131-5d875e8c558d')).toMatchObject({ severity: 'high' });
  },
  'cyclonedx/log4j.json': log4j,
  'cyclonedx/log4j.xml': log4j,
  'cyclonedx/nested-component-log4j.json': log4j,
  'cyclonedx/multiple_cwes_fabricated.xml': ([f]) => expect(f?.cwe).toEqual(['CWE-79', 'CWE-89']),
  // The ref names no component: DefectDojo's title is 'None:None | …'; we keep the ref as the name.
  'cyclonedx/no-severity.json': ([f]) =>
    expect(f).toMatchObject({
      name: 'gerbwetbqt:None | CVE-2021-44228',
      severity: 'critical',
      cvss: LOG4J_CVSS,
      location: { kind: 'package', name: 'gerbwetbqt' },
    }),
  'cyclonedx/spec1.xml': spec1,
  'cyclonedx/spec1_lowfirst.xml': spec1,
  'cyclonedx/valid-vulnerability-1.4.json': valid14([
    'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111',
    'CVE-2018-7489',
  ]),
  // DefectDojo lists CVE-2018-7489 twice (it is referenced twice); ids are unique here.
  'cyclonedx/valid-vulnerability-1.4.xml': valid14([
    'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111',
    'CVE-2018-7489',
  ]),
};

describe.runIf(need('fixtures'))('cyclonedx: DefectDojo samples', () => {
  for (const e of expectedFor(FOLDER)) {
    // grype.xml is in no DefectDojo test; 327 is our count (every vulnerability of its components).
    const count = e.expected_findings ?? 327;
    it(`${e.file}: ${count} findings`, async () => {
      const f = await parse(fixturePath(e.file));
      expect(f).toHaveLength(count);
      for (const x of f) expect(x.tool.id).toBe('cyclonedx');
      checks[e.file]?.(f);
    });
  }

  it('detects no other format as CycloneDX, and Dependency-Track does not claim BOMs', () => {
    for (const { file, head } of foreignHeads([FOLDER], ['cyclonedx']))
      expect(cyclonedxParser.detect(head), file).toBe(0);
    for (const e of expectedFor(FOLDER)) {
      const head = readFileSync(fixturePath(e.file))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(dependencyTrackParser.detect(head), e.file).toBe(0);
    }
  });
});

describe('cyclonedx: own fixtures', () => {
  it('auto-detects every BOM in test/data/cyclonedx', async () => {
    for (const f of readdirSync(new URL('./data/cyclonedx/', import.meta.url)))
      expect((await detectScanner({ path: data(f) })).scanner, f).toBe('cyclonedx');
  });

  it('JSON 1.5 with vulnerabilities before components: refs resolved, VEX states kept and marked', async () => {
    const f = await parse(data('vex-1.5-vulnerabilities-first.json'));
    expect(
      f.map((x) => [x.ruleId, x.severity, pkg(x)?.name, x.attributes.vexState, x.attributes.notExposed]),
    ).toEqual([
      ['CVE-2024-4068', 'high', 'braces', 'exploitable', undefined],
      ['CVE-2023-26136', 'medium', 'tough-cookie', 'not_affected', true],
      ['GHSA-952p-6rrq-rcjv', 'low', 'micromatch', 'false_positive', true],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: 'cyclonedx', name: 'cdxgen', version: '10.5.2' },
      cve: ['CVE-2024-4068', 'GHSA-grv7-fg5c-xmjg'],
      cwe: ['CWE-1050'],
      identifiedAt: '2025-05-20T10:11:12.000Z',
      attributes: { published: '2024-05-14T15:42:48.000Z', vexResponse: ['update'], subjectVersion: '3.2.0' },
    });
    // The nested component is found; the `unaffected` version of the affects list is not a finding.
    expect(pkg(f[0])).toEqual({
      kind: 'package',
      name: 'braces',
      version: '3.0.2',
      purl: 'pkg:npm/braces@3.0.2',
      ecosystem: 'npm',
      path: 'shop-api',
    });
  });

  it('the same BOM from a stream (read once) gives the same findings', async () => {
    const fromFile = await parse(data('vex-1.5-vulnerabilities-first.json'));
    const { findings } = await parseReport(
      { stream: createReadStream(data('vex-1.5-vulnerabilities-first.json')) },
      { scannerType: 'auto' },
    );
    expect((await collect(findings)).map((x) => x.fingerprint)).toEqual(fromFile.map((x) => x.fingerprint));
  });

  it('XML 1.6: tools as components, nested components, highest rating wins', async () => {
    const [a, b] = await parse(data('bom-1.6.xml'));
    expect(a).toMatchObject({
      tool: { name: 'grype', version: '0.77.0' },
      name: 'jinja2:3.1.2 | GHSA-h5c8-rqwp-cp95',
      severity: 'medium',
      cve: ['GHSA-h5c8-rqwp-cp95', 'CVE-2024-22195'],
      cwe: ['CWE-79'],
      mitigation: 'Upgrade jinja2 to 3.1.3',
    });
    expect(pkg(a)).toMatchObject({ purl: 'pkg:pypi/jinja2@3.1.2', path: 'acme/payments' });
    expect(b).toMatchObject({
      severity: 'critical',
      cvss: { score: 9.8 },
      attributes: { vexState: 'in_triage' },
    });
    expect(pkg(b)).toMatchObject({ name: 'zlib1g', version: '1:1.2.13.dfsg-1', ecosystem: 'deb' });
  });

  it('a vulnerability without an id is a ParseError at its JSON path', async () => {
    const doc = JSON.parse(readFileSync(data('vex-1.5-vulnerabilities-first.json'), 'utf8')) as {
      vulnerabilities: Record<string, unknown>[];
    };
    delete doc.vulnerabilities[1]!.id;
    const { findings } = await parseReport({ text: JSON.stringify(doc) }, { scannerType: 'cyclonedx' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^cyclonedx: at \$\.vulnerabilities\[1\]\.id: expected a CycloneDX vulnerability/,
    );
  });

  it('malformed XML is a ParseError with its line', async () => {
    const text = readFileSync(data('bom-1.6.xml'), 'utf8').replace('</affects>', '');
    const { findings } = await parseReport({ text }, { scannerType: 'auto' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).where.line).toBeGreaterThan(1);
  });

  it('an SBOM without vulnerabilities has no findings', async () => {
    const text = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      components: [{ name: 'a', 'bom-ref': 'a' }],
    });
    const { scanner, findings } = await parseReport({ text }, { scannerType: 'auto' });
    expect(scanner).toBe('cyclonedx');
    expect(await collect(findings)).toEqual([]);
  });
});
