import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { dependencyCheckParser } from '../src/scanners/dependency-check.js';
import { foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg } from './support/parse-report.js';

// Reports written as dependency-check writes them (shapes from its XSDs): -f JSON (reportSchema 1.1),
// -f XML schema 1.7 (identifiers, cvssScore, one cwe), 2.5 (packages, cvssV2/cvssV3, cwes, the
// `authenticationr` spelling, suppressedVulnerability inside <vulnerabilities>, relatedDependencies)
// and 4.0 (cvss versions, confidentialityImpact, knownExploitedVulnerability). DefectDojo has none here.
const ID = 'dependency-check';
const data = dataDir('dependency-check');

const parse = (source: { path: string } | { text: string }, onWarning?: (m: string) => void) =>
  parseDetected(ID, source, { onWarning });

describe('OWASP Dependency-Check', () => {
  it('auto-detects every report in test/data/dependency-check', async () => {
    const files = readdirSync(new URL('./data/dependency-check/', import.meta.url));
    expect(files.length).toBe(4);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('JSON reportSchema 1.1: one finding per vulnerability and dependency; suppressed ones skipped', async () => {
    const warnings: string[] = [];
    const f = await parse({ path: data('dependency-check-reportschema-1.1.json') }, (m) => warnings.push(m));
    expect(f.map((x) => [x.ruleId, x.severity, pkg(x)?.name, pkg(x)?.version, x.cve, x.cwe])).toEqual([
      [
        'CVE-2022-42889',
        'critical',
        'org.apache.commons:commons-text',
        '1.9',
        ['CVE-2022-42889'],
        ['CWE-94'],
      ],
      ['GHSA-35jh-r3h4-6jhm', 'high', 'lodash', '4.17.20', ['GHSA-35jh-r3h4-6jhm'], ['CWE-77', 'CWE-94']],
      ['CVE-2020-28500', 'medium', 'lodash', '4.17.20', ['CVE-2020-28500'], ['CWE-400']],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'OWASP Dependency-Check', version: '9.2.0' },
      name: 'CVE-2022-42889 in org.apache.commons:commons-text@1.9',
      category: 'Dependency',
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
      attributes: { source: 'NVD', fileName: 'commons-text-1.9.jar' },
    });
    expect(pkg(f[0])).toEqual({
      kind: 'package',
      name: 'org.apache.commons:commons-text',
      version: '1.9',
      purl: 'pkg:maven/org.apache.commons/commons-text@1.9',
      ecosystem: 'maven',
      path: '/app/lib/commons-text-1.9.jar',
    });
    // OSS Index writes the metrics abbreviated (N, L): the vector is the same.
    expect(f[2]?.cvss?.vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L');
    expect(warnings).toEqual([
      'dependency-check: 1 suppressed vulnerability(ies) (suppression file) are not imported',
    ]);
  });

  it('XML schema 2.5 and 4.0: the same findings and fingerprints; suppressed ones skipped', async () => {
    const warnings: string[] = [];
    const six = await parse({ path: data('dependency-check-schema-2.5.xml') }, (m) => warnings.push(m));
    expect(warnings).toEqual([
      'dependency-check: 1 suppressed vulnerability(ies) (suppression file) are not imported',
    ]);
    const ten = await parse({ path: data('dependency-check-schema-4.0.xml') });
    expect(six.map((x) => [x.ruleId, x.severity, pkg(x)?.name, x.cvss?.score, x.cwe])).toEqual([
      [
        'CVE-2021-44228',
        'critical',
        'org.apache.logging.log4j:log4j-core',
        10,
        ['CWE-502', 'CWE-400', 'CWE-20'],
      ],
      ['CVE-2018-10237', 'medium', 'com.google.guava:guava', 4.3, ['CWE-770']],
    ]);
    expect(six[0]?.cvss?.vector).toBe('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H');
    expect(six[1]?.cvss).toEqual({ version: '2.0', vector: 'AV:N/AC:M/Au:N/C:N/I:N/A:P', score: 4.3 });
    expect(pkg(six[0])?.path).toBe('/srv/portal/WEB-INF/lib/log4j-core-2.14.1.jar');
    // A related dependency (the same jar elsewhere) is not another finding: its path is kept.
    expect(six[1]?.attributes.relatedPaths).toEqual(['/srv/portal/plugins/reports/lib/guava-19.0.jar']);
    expect(ten.map((x) => x.fingerprint)).toEqual(six.map((x) => x.fingerprint));
    expect(ten[0]?.tool.version).toBe('12.1.0');
    expect(ten[0]?.attributes.knownExploited).toBe(true);
    expect(ten[1]?.cvss).toEqual(six[1]?.cvss);
  });

  it('XML schema 1.7: maven identifier, cvssScore, severity word and CWE text', async () => {
    const [f] = await parse({ path: data('dependency-check-schema-1.7.xml') });
    expect(f).toMatchObject({
      ruleId: 'CVE-2015-7501',
      severity: 'high',
      cwe: ['CWE-502'],
      cvss: { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10 },
    });
    expect(pkg(f)).toMatchObject({
      name: 'commons-collections:commons-collections',
      version: '3.2.1',
      ecosystem: 'maven',
    });
  });

  it('JSON of releases that write severity only when unscored, and keys `authenticationr>`, `baseSeverity>`', async () => {
    const text = JSON.stringify({
      reportSchema: '1.1',
      scanInfo: { engineVersion: '5.3.2' },
      projectInfo: { name: 'app' },
      dependencies: [
        {
          isVirtual: false,
          fileName: 'jackson-databind-2.9.8.jar',
          filePath: '/app/lib/jackson-databind-2.9.8.jar',
          packages: [
            { id: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8', confidence: 'HIGH' },
          ],
          vulnerabilities: [
            {
              source: 'NVD',
              name: 'CVE-2019-12384',
              cvssv2: {
                score: 4.3,
                accessVector: 'NETWORK',
                accessComplexity: 'MEDIUM',
                'authenticationr>': 'NONE',
                confidentialImpact: 'PARTIAL',
                integrityImpact: 'NONE',
                availabilityImpact: 'NONE',
                severity: 'MEDIUM',
              },
              cvssv3: {
                baseScore: 5.9,
                attackVector: 'NETWORK',
                attackComplexity: 'HIGH',
                privilegesRequired: 'NONE',
                userInteraction: 'NONE',
                scope: 'UNCHANGED',
                confidentialityImpact: 'HIGH',
                integrityImpact: 'NONE',
                availabilityImpact: 'NONE',
                'baseSeverity>': 'MEDIUM',
              },
              cwes: ['CWE-502'],
              description:
                'FasterXML jackson-databind 2.x before 2.9.9.1 might allow attackers to have a variety of impacts.',
              notes: '',
              references: [],
              vulnerableSoftware: [],
            },
          ],
        },
      ],
    });
    const [f] = await parse({ text });
    expect(f).toMatchObject({
      severity: 'medium',
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 5.9 },
    });
  });

  it('a JSON vulnerability without its name is a ParseError at its path', async () => {
    const text = JSON.stringify({
      reportSchema: '1.1',
      scanInfo: { engineVersion: '9.2.0' },
      dependencies: [{ fileName: 'a.jar', vulnerabilities: [{ severity: 'HIGH' }] }],
    });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^dependency-check: at \$\.dependencies\[0\]\.vulnerabilities\[0\]\.name: expected/,
    );
  });

  it('an XML vulnerability without its name is a ParseError with its line', async () => {
    const text =
      '<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"><dependencies>\n<dependency><fileName>a.jar</fileName><vulnerabilities>\n<vulnerability source="NVD"><severity>HIGH</severity></vulnerability></vulnerabilities></dependency></dependencies></analysis>';
    const { findings } = await parseReport({ text }, { scannerType: ID });
    await expect(collect(findings)).rejects.toThrow(
      /dependency-check: at line 3: expected a dependency-check vulnerability with its name/,
    );
  });
});

describe.runIf(need('fixtures'))('dependency-check detection is exclusive', () => {
  it('detects no other report', () => {
    for (const { file, head } of foreignHeads([], [ID]))
      expect(dependencyCheckParser.detect(head), file).toBe(0);
  });
});
