import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { npmAuditParser } from './npm-audit.js';

const hash = 'a'.repeat(64);
const v6 = {
  actions: [],
  advisories: {
    '1179': {
      findings: [
        { version: '0.0.8', paths: [`${hash}>optimist>minimist`], dev: false },
        { version: '1.2.0', paths: ['mkdirp>minimist'], dev: true },
      ],
      id: 1179,
      title: 'Prototype Pollution',
      module_name: 'minimist',
      cves: [],
      github_advisory_id: 'GHSA-vh95-rmgr-6w4m',
      vulnerable_versions: '<0.2.1 || >=1.0.0 <1.2.3',
      patched_versions: '>=0.2.1 <1.0.0 || >=1.2.3',
      overview: 'Affected versions of `minimist` are vulnerable to prototype pollution.',
      recommendation: 'Upgrade to versions 0.2.1, 1.2.3 or later.',
      references: '- [Snyk](https://snyk.io/vuln/SNYK-JS-MINIMIST-559764)',
      severity: 'low',
      cwe: 'CWE-471',
      cvss: { score: 0, vectorString: null },
      url: 'https://github.com/advisories/GHSA-vh95-rmgr-6w4m',
    },
  },
  muted: [],
  metadata: { vulnerabilities: { low: 1 } },
};
const v7 = {
  auditReportVersion: 2,
  vulnerabilities: {
    minimist: {
      name: 'minimist',
      severity: 'critical',
      isDirect: false,
      via: [
        {
          source: 1096465,
          name: 'minimist',
          dependency: 'minimist',
          title: 'Prototype Pollution in minimist',
          url: 'https://github.com/advisories/GHSA-xvch-5gv4-984h',
          severity: 'critical',
          cwe: ['CWE-1321'],
          cvss: { score: 9.8, vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
          range: '<0.2.4',
        },
      ],
      effects: ['mkdirp'],
      range: '<=0.2.3',
      nodes: ['node_modules/minimist'],
      fixAvailable: true,
    },
    mkdirp: {
      name: 'mkdirp',
      severity: 'critical',
      isDirect: true,
      via: ['minimist'],
      effects: [],
      range: '0.4.1 - 0.5.1',
      nodes: ['node_modules/mkdirp'],
      fixAvailable: false,
    },
  },
  metadata: { vulnerabilities: { critical: 2, total: 2 } },
};
const parse = (doc: unknown) => collect(npmAuditParser.parse(new ParseInput({ text: JSON.stringify(doc) })));

describe('npm audit parser', () => {
  it('npm 6: one finding per advisory, first version, every version and censored path kept', async () => {
    const [f, ...rest] = await parse(v6);
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      tool: { id: 'npm-audit', name: 'npm audit' },
      ruleId: 'GHSA-vh95-rmgr-6w4m',
      name: 'Prototype Pollution',
      severity: 'low',
      category: 'SCA',
      cwe: ['CWE-471'],
      cve: ['GHSA-vh95-rmgr-6w4m'],
      location: {
        kind: 'package',
        name: 'minimist',
        version: '0.0.8',
        ecosystem: 'npm',
        purl: 'pkg:npm/minimist@0.0.8',
      },
      references: [
        'https://github.com/advisories/GHSA-vh95-rmgr-6w4m',
        'https://snyk.io/vuln/SNYK-JS-MINIMIST-559764',
      ],
      attributes: {
        versions: ['0.0.8', '1.2.0'],
        dependencyPath: 'censored_by_npm_audit>optimist>minimist',
        paths: 2,
      },
    });
    // a zero score without vector is no CVSS; a complex patched range is no single fixed version
    expect(f?.cvss).toBeUndefined();
    expect(f?.location?.kind === 'package' && f.location.fixedVersion).toBeUndefined();
  });

  it('npm 7+: only advisory objects in via[] are findings', async () => {
    const findings = await parse(v7);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'GHSA-xvch-5gv4-984h',
      severity: 'critical',
      cwe: ['CWE-1321'],
      cve: ['GHSA-xvch-5gv4-984h'],
      cvss: { score: 9.8 },
      location: { kind: 'package', name: 'minimist', version: '<=0.2.3' },
      mitigation: 'Run `npm audit fix`.',
      attributes: {
        advisoryId: 1096465,
        vulnerableVersions: '<0.2.4',
        effects: ['mkdirp'],
        fixAvailable: true,
      },
    });
  });

  it('an npm error document and an unknown document are ParseErrors', async () => {
    const e1 = await parse({
      error: { code: 'ENOLOCK', summary: 'This command requires an existing lockfile.', detail: '' },
    }).catch((e: unknown) => e);
    // npm's summary may quote a registry URL with its token: only the code is kept (issue 10 item 4).
    expect(isParseError(e1) && e1.message).toMatch(/npm audit report contains errors: ENOLOCK$/);
    expect((e1 as Error).message).not.toContain('lockfile');
    const e2 = await parse({ vulnerabilities: [] }).catch((e: unknown) => e);
    expect(isParseError(e2) && e2.where.path).toBe('$');
    const e3 = await parse({
      advisories: { '1': { id: 1, title: 't', severity: 'low', findings: [] } },
    }).catch((e: unknown) => e);
    expect(isParseError(e3) && e3.where.path).toBe('$.advisories["1"].module_name');
  });

  it('is detected (v6, v7, errors) and not confused with Snyk vulnerabilities', () => {
    expect(detectScannerFromHead(JSON.stringify(v6))?.scanner).toBe('npm-audit');
    expect(detectScannerFromHead(JSON.stringify(v7))?.scanner).toBe('npm-audit');
    expect(npmAuditParser.detect('{"error":{"code":"ENOAUDIT","summary":"x"}}')).toBe(50);
    expect(
      npmAuditParser.detect('{"vulnerabilities":[{"id":"SNYK-JS-X"}],"ok":false,"packageManager":"npm"}'),
    ).toBe(0);
  });
});

describe('npm audit oneFindingPerRecord', () => {
  it('merges an advisory listed twice by default and keeps each with oneFindingPerRecord', async () => {
    const minimist = v7.vulnerabilities.minimist;
    const twice = {
      ...v7,
      vulnerabilities: {
        ...v7.vulnerabilities,
        minimist: { ...minimist, via: [minimist.via[0], minimist.via[0]] },
      },
    };
    const text = JSON.stringify(twice);
    const merged = await parse(twice);
    expect(merged.map((f) => f.occurrences)).toEqual([2]);
    const each = await collect(npmAuditParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    expect(each.map((f) => [f.ruleId, f.occurrences])).toEqual([
      ['GHSA-xvch-5gv4-984h', 1],
      ['GHSA-xvch-5gv4-984h', 1],
    ]);
  });
});
