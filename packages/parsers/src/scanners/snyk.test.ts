import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { snykParser } from './snyk.js';

const vuln = (from: string[], over: Record<string, unknown> = {}) => ({
  id: 'SNYK-JS-LODASH-567746',
  title: 'Prototype Pollution',
  severity: 'high',
  packageName: 'lodash',
  version: '4.17.15',
  from,
  upgradePath: [false, 'a@2.0.0', 'lodash@4.17.16'],
  fixedIn: ['4.17.16'],
  isUpgradable: true,
  isPatchable: false,
  semver: { vulnerable: ['<4.17.16'] },
  cvssScore: 7.3,
  CVSSv3: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:L',
  identifiers: { CVE: ['CVE-2020-8203'], CWE: ['CWE-400'], GHSA: ['GHSA-p6mc-m468-83gw'] },
  references: [{ title: 'GitHub PR', url: 'https://github.com/lodash/lodash/pull/4759' }],
  description:
    '## Overview\nlodash is ...\n## Remediation\nUpgrade `lodash` to version 4.17.16 or higher.\n## References\n- x',
  ...over,
});
// Snyk writes the project's metadata after its vulnerabilities.
const project = (vulns: unknown[], target = 'package-lock.json') => ({
  vulnerabilities: vulns,
  ok: false,
  dependencyCount: 10,
  packageManager: 'npm',
  uniqueCount: 1,
  projectName: 'app',
  displayTargetFile: target,
  path: '/src/app',
  remediation: {
    upgrade: {
      'a@1.0.0': { upgradeTo: 'a@2.0.0', upgrades: ['lodash@4.17.15'], vulns: ['SNYK-JS-LODASH-567746'] },
    },
  },
});
const text = JSON.stringify(
  project([
    vuln(['app@1.0.0', 'a@1.0.0', 'lodash@4.17.15']),
    vuln(['app@1.0.0', 'b@1.0.0', 'lodash@4.17.15']),
  ]),
);
const parse = (source: ConstructorParameters<typeof ParseInput>[0], warnings: string[] = []) =>
  collect(snykParser.parse(new ParseInput(source), { onWarning: (w) => warnings.push(w) }));

describe('snyk parser', () => {
  it('merges the dependency paths of one issue and uses the metadata written after the vulnerabilities', async () => {
    const [f, ...rest] = await parse({ text });
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      tool: { id: 'snyk', name: 'Snyk' },
      ruleId: 'SNYK-JS-LODASH-567746',
      severity: 'high',
      cve: ['CVE-2020-8203', 'GHSA-p6mc-m468-83gw'],
      cwe: ['CWE-400'],
      cvss: { score: 7.3 },
      occurrences: 2,
      location: {
        kind: 'package',
        name: 'lodash',
        version: '4.17.15',
        fixedVersion: '4.17.16',
        ecosystem: 'npm',
        path: 'package-lock.json',
      },
      attributes: {
        project: 'app',
        upgradeTo: 'a@2.0.0',
        dependencyPaths: ['app > a > lodash', 'app > b > lodash'],
      },
      references: [
        'https://security.snyk.io/vuln/SNYK-JS-LODASH-567746',
        'https://github.com/lodash/lodash/pull/4759',
      ],
    });
    expect(f?.mitigation).toBe(
      'Upgrade `lodash` to version 4.17.16 or higher.\nUpgrade a@1.0.0 to a@2.0.0.\nUpgrade from a@1.0.0 to a@2.0.0 to fix this issue. This also upgrades: lodash@4.17.15.',
    );
  });

  it('gives the same findings from a one-shot stream (holding each project until its metadata)', async () => {
    const bytes = Buffer.from(
      JSON.stringify([
        JSON.parse(text),
        project([vuln(['x@1', 'lodash@4.17.15'])], 'other/package-lock.json'),
      ]),
    );
    const fromText = await parse({ bytes });
    const fromStream = await parse({
      stream: (async function* () {
        for (let i = 0; i < bytes.length; i += 64) yield bytes.subarray(i, i + 64);
      })(),
    });
    expect(fromStream.map((f) => f.location)).toEqual(fromText.map((f) => f.location));
    expect(fromStream.map((f) => f.fingerprint)).toEqual(fromText.map((f) => f.fingerprint));
    expect(fromText.map((f) => f.location?.kind === 'package' && f.location.path)).toEqual([
      'package-lock.json',
      'other/package-lock.json',
    ]);
  });

  it("uses each project's metadata from the first pass when its vulnerabilities span many reads", async () => {
    // Over 64 KiB of vulnerabilities before the metadata: matches are mapped before it is read.
    const many = Array.from({ length: 120 }, (_, i) =>
      vuln(['app@1.0.0', 'lodash@4.17.15'], { id: `SNYK-${i}` }),
    );
    const bytes = Buffer.from(
      JSON.stringify([project(many), project([vuln(['x@1', 'lodash@4.17.15'])], 'b.json')]),
    );
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const findings = await parse({ bytes });
    expect(findings).toHaveLength(121);
    expect(new Set(findings.map((f) => f.location?.kind === 'package' && f.location.path))).toEqual(
      new Set(['package-lock.json', 'b.json']),
    );
    for (const f of findings)
      expect(f).toMatchObject({ location: { ecosystem: 'npm' }, attributes: { project: 'app' } });
  });

  it('skips a failed project of --all-projects with a warning; a failed single project is a ParseError', async () => {
    const warnings: string[] = [];
    const failed = { ok: false, error: 'Could not detect supported target files', path: '/src/empty' };
    expect(await parse({ text: JSON.stringify([JSON.parse(text), failed]) }, warnings)).toHaveLength(1);
    // Snyk's error text and path are report content: not quoted (issue 10 item 4).
    expect(warnings).toEqual(['snyk: $[1] is an error result, not a project (skipped)']);
    const e = await parse({ text: JSON.stringify(failed) }).catch((x: unknown) => x);
    expect(isParseError(e) && e.where.path).toBe('$.error');
  });

  it('reads Snyk Container applications (--app-vulns), from a file and from a one-shot stream', async () => {
    // Our own report in the shape of `snyk container test --json` with an application inside the image.
    const path = new URL('../../test/data/snyk/container-app-vulns.json', import.meta.url).pathname;
    const [image, app, ...rest] = await parse({ path });
    expect(rest).toHaveLength(0);
    expect(image).toMatchObject({
      ruleId: 'SNYK-DEBIAN12-ZLIB-6008963',
      severity: 'critical',
      cve: ['CVE-2023-45853'],
      location: { name: 'zlib/zlib1g', ecosystem: 'deb', path: 'acme/web:1.4.0' },
      attributes: { baseImage: 'node:20-bookworm-slim' },
    });
    expect(app).toMatchObject({
      ruleId: 'SNYK-JS-EXPRESS-7926867',
      severity: 'medium',
      cve: ['CVE-2024-43796', 'GHSA-qw6h-vgh9-j6wx'],
      cwe: ['CWE-79'],
      location: {
        name: 'express',
        version: '4.19.2',
        fixedVersion: '4.20.0',
        ecosystem: 'npm',
        path: '/app/package-lock.json',
      },
      attributes: { project: 'web', dependencyPath: 'web > express' },
    });
    const bytes = readFileSync(path);
    const streamed = await parse({
      stream: (async function* () {
        for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100);
      })(),
    });
    expect(streamed.map((f) => f.fingerprint)).toEqual([image?.fingerprint, app?.fingerprint]);
  });

  it('reads older CLI fields: a single identifier value, a textual cvssScore, references without url', async () => {
    const old = vuln(['app@1.0.0', 'lodash@4.17.4'], {
      identifiers: { CVE: [], CWE: ['CWE-400'], NSP: 577 },
      cvssScore: '7.3',
      CVSSv3: null,
      references: [{ title: 'no link' }, { title: 'Advisory', url: 'https://example.org/advisory' }],
    });
    const [f] = await parse({ text: JSON.stringify(project([old])) });
    expect(f).toMatchObject({
      cwe: ['CWE-400'],
      cvss: { score: 7.3 },
      references: ['https://security.snyk.io/vuln/SNYK-JS-LODASH-567746', 'https://example.org/advisory'],
    });
  });

  it('with oneFindingPerRecord keeps one finding per dependency path, in report order', async () => {
    const each = await collect(snykParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    expect(each.map((f) => [f.attributes.dependencyPath, f.occurrences])).toEqual([
      ['app > a > lodash', 1],
      ['app > b > lodash', 1],
    ]);
  });

  it('refuses a JSON:API error document (newer CLIs) as a failed scan', async () => {
    const failed = {
      jsonapi: { version: '1.0' },
      errors: [{ status: '401', code: 'SNYK-0005', title: 'x' }],
    };
    const e = await parse({ text: JSON.stringify(failed) }).catch((x: unknown) => x);
    expect(isParseError(e) && e.where.path).toBe('$.errors');
  });

  it('refuses SARIF from another tool and malformed vulnerabilities', async () => {
    const sarif = {
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'CodeQL', rules: [] } }, results: [{ ruleId: 'x', locations: [] }] }],
    };
    const e1 = await parse({ text: JSON.stringify(sarif) }).catch((x: unknown) => x);
    expect(isParseError(e1) && e1.where.path).toBe('$.runs[0].tool.driver.name');
    const e2 = await parse({ text: JSON.stringify(project([{ id: 'X' }])) }).catch((x: unknown) => x);
    expect(isParseError(e2) && e2.where.path).toBe('$.vulnerabilities[0].title');
  });

  it('is detected for projects and Snyk Code, not for generic SARIF or npm audit', () => {
    expect(detectScannerFromHead(text)?.scanner).toBe('snyk');
    expect(
      snykParser.detect(
        '{"$schema":"x","version":"2.1.0","runs":[{"tool":{"driver":{"name":"SnykCode","rules":[]}}}]}',
      ),
    ).toBe(95);
    expect(snykParser.detect('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL"}}}]}')).toBe(0);
    expect(snykParser.detect('{"auditReportVersion":2,"vulnerabilities":{}}')).toBe(0);
  });
});
