import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { trivyParser } from './trivy.js';
import { trivyCvss } from './trivy-findings.js';

const parse = (doc: unknown, warnings: string[] = []) =>
  collect(
    trivyParser.parse(new ParseInput({ text: typeof doc === 'string' ? doc : JSON.stringify(doc) }), {
      onWarning: (w) => warnings.push(w),
    }),
  );
const vuln = {
  VulnerabilityID: 'CVE-2024-1',
  PkgName: 'openssl',
  InstalledVersion: '3.0.1',
  FixedVersion: '3.0.9',
  Severity: 'HIGH',
  PkgIdentifier: { PURL: 'pkg:deb/debian/openssl@3.0.1' },
};

describe('trivy parser', () => {
  it('maps a vulnerability: ids, package with purl, mitigation, target', async () => {
    const [f] = await parse({
      SchemaVersion: 2,
      CreatedAt: '2024-01-15T08:58:29.82753744Z',
      Trivy: { Version: '0.58.0' },
      Results: [
        {
          Target: 'img (debian 12)',
          Class: 'os-pkgs',
          Type: 'debian',
          Vulnerabilities: [{ ...vuln, VendorIDs: ['DSA-1'] }],
        },
      ],
    });
    expect(f).toMatchObject({
      tool: { id: 'trivy', name: 'Trivy', version: '0.58.0' },
      ruleId: 'CVE-2024-1',
      name: 'CVE-2024-1 openssl 3.0.1',
      severity: 'high',
      cve: ['CVE-2024-1', 'DSA-1'],
      mitigation: 'Upgrade openssl to 3.0.9',
      identifiedAt: '2024-01-15T08:58:29.827Z',
      location: {
        kind: 'package',
        name: 'openssl',
        version: '3.0.1',
        fixedVersion: '3.0.9',
        purl: 'pkg:deb/debian/openssl@3.0.1',
        path: 'img (debian 12)',
      },
      attributes: { target: 'img (debian 12)', class: 'os-pkgs', type: 'debian' },
    });
  });

  it('finds the result context even when Target comes after the lists', async () => {
    const doc =
      '{"SchemaVersion":2,"Results":[{"Vulnerabilities":[' +
      JSON.stringify(vuln) +
      '],"Target":"late.txt","Type":"pip"},{"Target":"b","Vulnerabilities":[' +
      JSON.stringify(vuln) +
      ']}]}';
    const findings = await parse(doc);
    expect(findings.map((f) => f.attributes.target)).toEqual(['late.txt', 'b']);
  });

  it('reads Kubernetes reports with the resource as namespace/kind/name, which is part of the identity', async () => {
    const resource = (name: string) => ({
      Namespace: 'prod',
      Kind: 'Deployment',
      Name: name,
      Results: [{ Target: 'nginx:1.25', Class: 'os-pkgs', Vulnerabilities: [vuln] }],
    });
    const findings = await parse({ ClusterName: 'c1', Resources: [resource('web'), resource('api')] });
    expect(findings.map((f) => f.attributes.resource)).toEqual([
      'prod/Deployment/web',
      'prod/Deployment/api',
    ]);
    expect(findings[0]?.fingerprint).not.toBe(findings[1]?.fingerprint);
  });

  it('skips passed checks and masks a secret Trivy left in clear; never keeps Code', async () => {
    const findings = await parse({
      SchemaVersion: 2,
      Results: [
        {
          Target: 'main.tf',
          Class: 'config',
          Misconfigurations: [
            { ID: 'AVD-1', Title: 'ok', Status: 'PASS', Severity: 'LOW' },
            {
              ID: 'AVD-2',
              Title: 'bad',
              Status: 'FAIL',
              Severity: 'MEDIUM',
              CauseMetadata: {
                StartLine: 4,
                EndLine: 6,
                Code: { Lines: [{ Content: 'password = "hunter2hunter2"' }] },
              },
            },
          ],
        },
        {
          Target: '.env',
          Class: 'secret',
          Secrets: [
            {
              RuleID: 'github-pat',
              Title: 'GitHub PAT',
              Severity: 'CRITICAL',
              StartLine: 2,
              EndLine: 2,
              Match: 'TOKEN=ghp_Abcdefghij0123456789Klmnopqrst',
              Code: { Lines: [{ Content: 'TOKEN=ghp_Abcdefghij0123456789Klmnopqrst' }] },
            },
          ],
        },
      ],
    });
    expect(findings.map((f) => [f.ruleId, f.severity, f.category])).toEqual([
      ['AVD-2', 'medium', 'IaC'],
      ['github-pat', 'critical', 'Secrets'],
    ]);
    expect(findings[0]?.location).toEqual({ kind: 'source', file: 'main.tf', startLine: 4, endLine: 6 });
    expect(JSON.stringify(findings)).not.toMatch(/hunter2|ghp_Abcdefghij0123456789/);
  });

  it('skips a vulnerability without id with a warning; an empty or null report has no findings', async () => {
    const warnings: string[] = [];
    expect(await parse([{ Target: 't', Vulnerabilities: [{ PkgName: 'x' }, vuln] }], warnings)).toHaveLength(
      1,
    );
    expect(warnings).toEqual([
      '$[0].Vulnerabilities[0]: a vulnerability without VulnerabilityID or PkgName; skipped',
    ]);
    expect(await parse(null)).toEqual([]);
    expect(await parse({ SchemaVersion: 2, ArtifactName: 'x' })).toEqual([]);
  });

  it('refuses documents that are not Trivy reports, and malformed items', async () => {
    await expect(parse({ matches: [] })).rejects.toThrow(/a Trivy JSON report/);
    await expect(parse('"text"')).rejects.toThrow(ParseError);
    await expect(
      parse({ SchemaVersion: 2, Results: [{ Target: 't', Vulnerabilities: [42] }] }),
    ).rejects.toThrow(/at \$\.Results\[0\]\.Vulnerabilities\[0\]: expected an object/);
    await expect(
      parse('{"SchemaVersion":2,"Results":[{"Target":"t","Vulnerabilities":[{"VulnerabilityID":"CVE-1"'),
    ).rejects.toThrow(ParseError);
  });

  it('prefers the CVSS of the severity source, then NVD; v4 over v3', () => {
    const cvss = {
      nvd: { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', V3Score: 9.8 },
      ghsa: { V40Vector: 'CVSS:4.0/AV:N', V40Score: 6.3, V3Score: 7.5 },
    };
    expect(trivyCvss(cvss, 'ghsa')).toEqual({ version: '4.0', vector: 'CVSS:4.0/AV:N', score: 6.3 });
    expect(trivyCvss(cvss, 'ubuntu')).toEqual({
      version: '3.1',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      score: 9.8,
    });
    expect(trivyCvss(undefined, 'nvd')).toBeUndefined();
  });

  it('is detected for SchemaVersion 2, Kubernetes and legacy heads', () => {
    expect(
      detectScannerFromHead('{\n  "SchemaVersion": 2,\n  "ArtifactName": "x",\n  "Results": [')?.scanner,
    ).toBe('trivy');
    expect(detectScannerFromHead('{"ClusterName": "c", "Resources": [')?.scanner).toBe('trivy');
    expect(
      detectScannerFromHead('[{"Target": "x", "Type": "npm", "Vulnerabilities": [{"VulnerabilityID": "CVE-1"')
        ?.scanner,
    ).toBe('trivy');
    expect(trivyParser.detect('{"runs": []}')).toBe(0);
  });
});
