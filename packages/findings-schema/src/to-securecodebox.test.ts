import { describe, expect, it } from 'vitest';
import { sampleFindings, triagedSampleFindings } from '../test/sample-findings.js';
import { createFinding } from './create-finding.js';
import { fromSecureCodeBox } from './from-securecodebox.js';
import { toSecureCodeBox } from './to-securecodebox.js';

/** Our own data on an exported finding. */
const ours = (f: { attributes?: Record<string, unknown> | null } | undefined) =>
  f?.attributes?.scanrelay as Record<string, unknown> | undefined;

const scan = {
  name: 'nightly-2024-05-01',
  namespace: 'security',
  scanType: 'trivy',
  createdAt: '2024-05-01T10:00:00Z',
};

describe('toSecureCodeBox', () => {
  const [trivy, semgrep, , nuclei, gitleaks, npm] = toSecureCodeBox(sampleFindings(), {
    ...scan,
    parsedAt: '2024-05-01T10:05:00.000Z',
  });

  it('maps critical to HIGH and keeps the original severity and our data in attributes', () => {
    expect(trivy?.severity).toBe('HIGH');
    expect(ours(trivy)?.original_severity).toBe('critical');
    expect(ours(trivy)?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(ours(trivy)?.cwe).toEqual(['CWE-502', 'CWE-917']);
    expect(ours(trivy)?.tool).toEqual({ id: 'trivy', name: 'Trivy', version: '0.50.1' });
    expect(npm?.severity).toBe('INFORMATIONAL');
    expect(nuclei?.severity).toBe('LOW');
  });

  it('writes the scan block and the parse time on every finding', () => {
    expect(trivy?.scan).toEqual({
      created_at: '2024-05-01T10:00:00Z',
      name: 'nightly-2024-05-01',
      namespace: 'security',
      scan_type: 'trivy',
    });
    expect(semgrep?.parsed_at).toBe('2024-05-01T10:05:00.000Z');
  });

  it('writes references as {type, value}: CVE, CWE and URL', () => {
    expect(trivy?.references).toEqual([
      { type: 'CVE', value: 'CVE-2021-44228' },
      { type: 'CWE', value: 'CWE-502' },
      { type: 'CWE', value: 'CWE-917' },
      { type: 'URL', value: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228' },
    ]);
    expect(npm?.references).toEqual([{ type: 'GHSA', value: 'GHSA-p6mc-m468-83gw' }]);
  });

  it("follows secureCodeBox's trivy parser for a Results report: image as location, its mitigation text", () => {
    const [scb] = toSecureCodeBox(
      [
        createFinding({
          tool: { id: 'trivy', name: 'Trivy' },
          ruleId: 'CVE-2021-44228',
          name: 'CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1',
          severity: 'critical',
          category: 'SCA',
          location: { kind: 'package', name: 'log4j-core', version: '2.14.1', fixedVersion: '2.15.0' },
          attributes: {
            target: 'app/package-lock.json',
            artifactName: 'registry.example/app:1.2.3',
            title: 'Remote code injection in Log4j',
            reportShape: 'results',
          },
        }),
      ],
      scan,
    );
    expect(scb).toMatchObject({
      name: 'Remote code injection in Log4j',
      location: 'registry.example/app:1.2.3',
      category: 'NPM Package Vulnerability',
      osi_layer: 'NOT_APPLICABLE',
      severity: 'HIGH',
      mitigation:
        'Update the affected package log4j-core to the fixed version: 2.15.0 or remove the package from the image.',
    });
    expect(Object.keys(scb?.attributes ?? {})).toEqual([
      'installedVersion',
      'fixedVersion',
      'packageName',
      'vulnerabilityId',
      'foundIn',
      'scanrelay',
    ]);
    expect(ours(scb)?.original_name).toBe('CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1');
  });

  it("follows secureCodeBox's semgrep parser: rule id as name, path:start-end as location", () => {
    expect(semgrep?.name).toBe('javascript.express.security.audit.xss.direct-response-write');
    expect(semgrep?.location).toBe('src/routes/search.js:42-44');
    expect(semgrep?.category).toBe('security');
  });

  it('never writes the secret of a secret finding', () => {
    expect(JSON.stringify(gitleaks)).not.toContain('AKIAABCDEFGHIJKLMNOP');
  });

  it('puts only our own object beside the scanner attributes of a scanner without a convention', () => {
    expect(Object.keys(npm?.attributes ?? {})).toEqual(['scanrelay']);
    expect(ours(npm)?.scanner_attributes).toBeDefined();
  });

  it('writes a package without purl as name@version', () => {
    expect(npm?.location).toBe('lodash@4.17.15');
  });

  it('marks a false positive as secureCodeBox does (attributes.falsePositive) and keeps every decision in our data', () => {
    const [log4j, xss, zap] = toSecureCodeBox(triagedSampleFindings(), scan);
    expect(log4j?.attributes?.falsePositive).toBe(true);
    expect(ours(log4j)?.triage).toEqual({
      status: 'false-positive',
      reason: 'the JndiLookup class is removed from the shaded jar',
      triaged_at: '2026-12-01T09:00:00.000Z',
    });
    expect(xss?.attributes?.falsePositive).toBeUndefined();
    expect(ours(xss)?.triage).toEqual({
      status: 'accepted-risk',
      reason: 'internal admin page behind SSO',
      accepted_until: '2027-06-30T23:59:59.999Z',
      triaged_at: '2026-12-02T10:30:00.000Z',
    });
    expect(zap?.attributes?.falsePositive).toBeUndefined();
    expect(ours(zap)?.triage).toBeUndefined();
  });

  it('reads a triaged export back to the same findings: the decision does not leak into them', () => {
    const triaged = triagedSampleFindings();
    const back = fromSecureCodeBox(JSON.parse(JSON.stringify(toSecureCodeBox(triaged, scan))));
    expect(back).toEqual(triaged.map(({ triage: _, ...finding }) => finding));
  });
});
