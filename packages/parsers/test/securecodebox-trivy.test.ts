import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Finding, scbConventions, toSecureCodeBox } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, ParseInput } from '../src/index.js';
import { trivyParser } from '../src/scanners/trivy.js';
import { fixturePath } from './expected.js';
import { type OracleFinding, OracleRejected, trivyOracle } from './securecodebox/oracle-trivy.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const ownReport = (name: string) => path.join(here, 'data', 'securecodebox', name);
const trivy = scbConventions.trivy!;
const scan = { name: 'trivy-scan', scanType: 'trivy', parsedAt: '2024-05-01T10:00:00.000Z' };
const FIELDS = [
  'name',
  'description',
  'category',
  'location',
  'osi_layer',
  'severity',
  'mitigation',
  'references',
] as const;

// The trivy parser itself: parseReport does not pass `oneFindingPerRecord` on yet (wire-up).
const parse = (file: string): Promise<Finding[]> =>
  collect(trivyParser.parse(ParseInput.from({ path: file }), { oneFindingPerRecord: true }));

/** Our export of the findings secureCodeBox's parser emits, as its fields (attributes without ours). */
async function ours(file: string): Promise<OracleFinding[]> {
  const exported = toSecureCodeBox((await parse(file)).filter(trivy.appliesTo!), scan);
  return exported.map((f) => {
    const { scanrelay: _ours, ...attributes } = f.attributes ?? {};
    const picked: Record<string, unknown> = { attributes };
    for (const k of FIELDS) if (f[k] !== undefined) picked[k] = f[k];
    return JSON.parse(JSON.stringify(picked)) as OracleFinding;
  });
}

/** The oracle's findings with JSON's view of them (undefined members dropped, as on the wire). */
const oracle = (file: string) => JSON.parse(JSON.stringify(trivyOracle(readFileSync(file, 'utf8'))));

describe("the trivy oracle against secureCodeBox's snapshot", () => {
  // Vulnerabilities taken from secureCodeBox's __testFiles__/juice-shop-v10.2.0.json (two, shortened).
  const findings = trivyOracle(readFileSync(ownReport('trivy-juice-shop-v10.2.0-excerpt.json'), 'utf8'));

  it('names an untitled vulnerability after its package and keeps the title otherwise', () => {
    expect(findings.map((f) => f.name).slice(0, 2)).toEqual([
      'Vulnerability in Dependency apk-tools (2.10.4-r3)',
      'busybox: invalid free or segmentation fault via malformed gzip data',
    ]);
  });

  it('writes the values of the snapshot: image as location, HIGH for CRITICAL, the mitigation text', () => {
    expect(findings[0]).toMatchObject({
      category: 'Image Vulnerability',
      location: 'bkimminich/juice-shop:v10.2.0',
      osi_layer: 'NOT_APPLICABLE',
      severity: 'HIGH',
      mitigation:
        'Update the affected package apk-tools to the fixed version: 2.10.7-r0 or remove the package from the image.',
      attributes: {
        fixedVersion: '2.10.7-r0',
        foundIn: 'bkimminich/juice-shop:v10.2.0 (alpine 3.11.5)',
        installedVersion: '2.10.4-r3',
        packageName: 'apk-tools',
        vulnerabilityId: 'CVE-2021-36159',
      },
    });
    expect(findings[0]?.references.slice(0, 3)).toEqual([
      { type: 'CVE', value: 'CVE-2021-36159' },
      { type: 'URL', value: 'https://nvd.nist.gov/vuln/detail/CVE-2021-36159' },
      { type: 'URL', value: 'https://github.com/freebsd/freebsd-src/commits/main/lib/libfetch' },
    ]);
  });

  it('reads only vulnerabilities of a Results report, and the lock file gives the category', () => {
    expect(findings.map((f) => f.category)).toEqual([
      'Image Vulnerability',
      'Image Vulnerability',
      'NPM Package Vulnerability',
      'NPM Package Vulnerability',
    ]);
    expect(findings[2]?.references[0]).toEqual({ type: 'NSWG', value: 'NSWG-ECO-428' });
    expect(findings[3]?.mitigation).toContain('fixed version: undefined');
  });
});

describe("our secureCodeBox export of trivy reports equals secureCodeBox's parser", () => {
  it.each(['trivy-juice-shop-v10.2.0-excerpt.json', 'trivy-k8s-cluster.json'])(
    '%s, finding by finding',
    async (name) => {
      const expected = oracle(ownReport(name));
      expect(expected.length).toBeGreaterThan(0);
      expect(await ours(ownReport(name))).toEqual(expected);
    },
  );

  it('exports what secureCodeBox does not read (image misconfigurations) with the generic mapping', async () => {
    const all = await parse(ownReport('trivy-juice-shop-v10.2.0-excerpt.json'));
    const rest = all.filter((f) => !trivy.appliesTo!(f));
    expect(rest.map((f) => f.ruleId)).toEqual(['DS002']);
    const [scb] = toSecureCodeBox(rest, scan);
    expect(scb?.location).toBe('Dockerfile');
    expect(scb?.osi_layer).toBeUndefined();
  });

  it('keeps passed checks of a Kubernetes report, as secureCodeBox does', async () => {
    const [vuln, ksv001, ksv003, ksv041] = toSecureCodeBox(
      await parse(ownReport('trivy-k8s-cluster.json')),
      scan,
    );
    expect(vuln?.location).toBe(
      "Cluster: 'kind-scb' / Namespace: 'default' / Kind: 'Deployment' / Name: 'juice-shop'",
    );
    expect(vuln?.attributes?.foundIn).toBe(
      "Target: 'bkimminich/juice-shop:v15.0.0 (alpine 3.16.2)' / Class: 'os-pkgs' / Type: 'alpine'",
    );
    expect(ksv001?.name).toBe(
      "Process can elevate its own privileges(Container 'juice-shop' of Deployment 'juice-shop' should set 'securityContext.allowPrivilegeEscalation' to false)",
    );
    expect(ksv003?.attributes?.id).toBe('KSV003');
    expect(ksv041).toMatchObject({
      location: "Cluster: 'kind-scb' / Kind: 'ClusterRole' / Name: 'system:aggregate-to-edit'",
      severity: 'HIGH',
      description: "ClusterRole 'system:aggregate-to-edit' shouldn't have access to manage secrets",
    });
  });
});

describe.runIf(need('fixtures'))('trivy fixtures (DefectDojo): our export equals the oracle', () => {
  const dir = path.dirname(fixturePath('trivy/kubernetes.json'));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has the trivy fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files)('%s', async (file) => {
    const full = path.join(dir, file);
    let expected: OracleFinding[];
    try {
      expected = oracle(full);
    } catch (e) {
      // secureCodeBox refuses the report and emits nothing; we still export every finding.
      expect(e).toBeInstanceOf(OracleRejected);
      expect((await parse(full)).length).toBeGreaterThan(0);
      return;
    }
    expect(await ours(full)).toEqual(expected);
  });
});
