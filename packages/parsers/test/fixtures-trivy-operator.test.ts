import { readdirSync, readFileSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { trivyParser } from '../src/scanners/trivy.js';
import { trivyOperatorParser } from '../src/scanners/trivy-operator.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg, src } from './support/parse-report.js';

const FOLDER = 'trivy_operator';
const data = dataDir('trivy-operator');

const parse = (path: string, oneFindingPerRecord = false) =>
  parseDetected('trivy-operator', { path }, { oneFindingPerRecord });

/** Where our count differs from DefectDojo's, and why. */
const OUR_COUNT: Record<string, number> = {
  // 795 failed checks, but one check of one resource is listed once per container and under several
  // CIS controls: 522 distinct (check, resource) findings, the controls kept in attributes.controls.
  'trivy_operator/cis_benchmark.json': 522,
};

/** findings_in_list.json: a ConfigAuditReport with 13 failed checks, a VulnerabilityReport with 5. */
const IN_LIST_IAC = 13;

const checks: Record<string, (f: Finding[]) => void> = {
  'trivy_operator/vulnerabilityreport_single_vuln.json': ([f]) => {
    expect(f).toMatchObject({
      name: 'CVE-2023-23914 curl 7.87.0-r1',
      severity: 'critical',
      cve: ['CVE-2023-23914'],
      cvss: { score: 4.2 },
      category: 'SCA',
    });
    expect(pkg(f)).toMatchObject({ name: 'curl', version: '7.87.0-r1', fixedVersion: '7.87.0-r2' });
  },
  'trivy_operator/vulnerabilityreport_many.json': ([a, b]) => {
    expect(a).toMatchObject({ name: 'CVE-2023-23914 curl 7.87.0-r1', severity: 'critical' });
    expect(b).toMatchObject({
      name: 'CVE-2023-23916 curl 7.87.0-r1',
      severity: 'high',
      cvss: { score: 6.5 },
    });
    expect(pkg(a)?.path).toBe('index.docker.io/library/nginx:alpine');
  },
  'trivy_operator/vulnerabilityreport_extended.json': ([a, b]) => {
    expect(a).toMatchObject({
      name: 'CVE-2024-0553 libgnutls30 3.6.13-2ubuntu1.9',
      severity: 'medium',
      cvss: { score: 5.9 },
      attributes: {
        target: 'ubuntu:20.04 (ubuntu 20.04)',
        class: 'os-pkgs',
        packageType: 'ubuntu',
        namespace: 'lbc',
        resource: 'lbc/Pod/ubuntu',
        container: 'ubuntu',
        published: '2024-01-16T12:15:45.000Z',
      },
    });
    expect(pkg(a)).toMatchObject({ fixedVersion: '3.6.13-2ubuntu1.10', ecosystem: 'ubuntu' });
    expect(b?.attributes.published).toBeUndefined();
  },
  'trivy_operator/configauditreport_single_vuln.json': ([f]) => {
    expect(f).toMatchObject({
      ruleId: 'KSV014',
      name: 'KSV014 - Root file system is not read-only',
      severity: 'low',
      category: 'IaC',
      attributes: { avdId: 'AVD-KSV-0014' },
      references: ['https://avd.aquasec.com/misconfig/ksv014'],
    });
    expect(src(f)?.file).toBe('default/ReplicaSet/nginx-deployment-965685897');
  },
  'trivy_operator/configauditreport_many.json': ([a, b]) => {
    expect(a).toMatchObject({ name: 'KSV014 - Root file system is not read-only', severity: 'low' });
    expect(b).toMatchObject({
      name: 'KSV016 - Memory requests not specified',
      attributes: { avdId: 'AVD-KSV-0016' },
    });
  },
  'trivy_operator/configauditreport_missing_checkid.json': ([f]) =>
    expect(f).toMatchObject({
      ruleId: '0',
      name: '0 - Missing checkID test',
      severity: 'medium',
      references: [],
    }),
  'trivy_operator/configauditreport_with_remediation.json': ([a, b]) => {
    expect(a?.mitigation).toBe(
      "Set 'securityContext.readOnlyRootFilesystem' to true.\n\nContainer 'nginx' of Deployment 'nginx-app' should set 'securityContext.readOnlyRootFilesystem' to true",
    );
    expect(a?.attributes).toMatchObject({
      namespace: 'production',
      checkCategory: 'Kubernetes Security Check',
    });
    expect(b?.mitigation).toBe(
      "Container 'nginx' of Deployment 'nginx-app' should add 'ALL' to 'securityContext.capabilities.drop'",
    );
  },
  'trivy_operator/exposedsecretreport_single_vuln.json': ([f]) => {
    expect(f).toMatchObject({
      ruleId: 'aws-secret-access-key',
      name: 'Secret detected in root/aws_secret.txt - AWS Secret Access Key',
      severity: 'critical',
      category: 'Secrets',
      cwe: ['CWE-798'],
    });
    expect(src(f)?.file).toBe('root/aws_secret.txt');
    expect(f?.secret?.sha256).toMatch(/^[0-9a-f]{64}$/);
  },
  'trivy_operator/exposedsecretreport_many.json': ([a, b]) => {
    expect(a).toMatchObject({ severity: 'critical', location: { file: 'root/aws_secret.txt' } });
    expect(b).toMatchObject({
      ruleId: 'github-pat',
      name: 'Secret detected in root/github_secret.txt - GitHub Personal Access Token',
    });
  },
  'trivy_operator/cis_benchmark.json': ([a]) => {
    expect(a).toMatchObject({
      ruleId: 'AVD-KSV-0041',
      name: '5.1.2 AVD-KSV-0041 /clusterrole-admin',
      severity: 'critical',
      category: 'Compliance',
      attributes: { control: '5.1.2', resource: 'ClusterComplianceReport/cis' },
    });
  },
  'trivy_operator/compliance_severity.json': ([a, b]) => {
    expect(a).toMatchObject({ ruleId: 'AVD-KSV-0001', severity: 'medium', mitigation: 'Fix it' });
    expect(b).toMatchObject({ ruleId: 'AVD-KSV-0002', severity: 'high' });
  },
  'trivy_operator/clustercompliancereport.json': ([a, b]) => {
    expect(a).toMatchObject({
      ruleId: '4.2.10',
      severity: 'critical',
      attributes: { totalFail: 10, checks: ['AVD-KCV-0088', 'AVD-KCV-0089'] },
    });
    expect(b).toMatchObject({ ruleId: '4.2.11', attributes: { totalFail: 5 } });
  },
  'trivy_operator/findings_in_list.json': (f) => {
    expect(f.filter((x) => x.category === 'IaC')).toHaveLength(IN_LIST_IAC);
    expect(new Set(f.map((x) => x.attributes.reportKind))).toEqual(
      new Set(['ConfigAuditReport', 'VulnerabilityReport']),
    );
  },
  'trivy_operator/all_reports_in_dict.json': (f) =>
    expect(new Set(f.map((x) => x.category))).toEqual(new Set(['IaC', 'Secrets', 'SCA'])),
};

describe.runIf(need('fixtures'))('trivy-operator: DefectDojo samples', () => {
  for (const e of expectedFor(FOLDER)) {
    it(`${e.file}: ${OUR_COUNT[e.file] ?? e.expected_findings} findings`, async () => {
      const f = await parse(fixturePath(e.file));
      expect(f).toHaveLength(OUR_COUNT[e.file] ?? (e.expected_findings as number));
      for (const x of f) expect(x.tool.id).toBe('trivy-operator');
      checks[e.file]?.(f);
    });
  }

  it('one finding per record gives DefectDojo counts where we merge repeats', async () => {
    const f = await parse(fixturePath('trivy_operator/cis_benchmark.json'), true);
    expect(f).toHaveLength(795);
    expect(f[40]).toMatchObject({
      name: '5.2.2 AVD-KSV-0017 kube-system/daemonset-csi-azuredisk-node',
      severity: 'high',
    });
    expect(f[150]).toMatchObject({
      name: '5.2.7 AVD-KSV-0012 opentelemetry-demo/replicaset-opentelemetry-demo-frauddetectionservice-6c6c4b7994',
      severity: 'medium',
    });
  });

  it('merged compliance findings keep every control they fail', async () => {
    const f = await parse(fixturePath('trivy_operator/cis_benchmark.json'));
    expect(
      f.some((x) => Array.isArray(x.attributes.controls) && (x.attributes.controls as string[]).length > 1),
    ).toBe(true);
  });

  it('detects no other format as trivy-operator, and trivy does not claim trivy-operator reports', () => {
    for (const { file, head } of foreignHeads([FOLDER], ['trivy-operator']))
      expect(trivyOperatorParser.detect(head), file).toBe(0);
    for (const e of expectedFor(FOLDER)) {
      const head = readFileSync(fixturePath(e.file))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(trivyParser.detect(head), e.file).toBe(0);
    }
  });
});

describe('trivy-operator: own fixtures', () => {
  it('auto-detects every report in test/data/trivy-operator', async () => {
    for (const f of readdirSync(new URL('./data/trivy-operator/', import.meta.url)))
      expect((await detectScanner({ path: data(f) })).scanner, f).toBe('trivy-operator');
  });

  it('a kubectl List: the same image package in two workloads is one finding with both resources', async () => {
    const f = await parse(data('vulnerabilityreports-list.json'));
    expect(f).toHaveLength(2);
    expect(f[0]).toMatchObject({
      ruleId: 'CVE-2023-5678',
      occurrences: 2,
      tool: { name: 'Trivy', version: '0.50.1' },
      identifiedAt: '2025-06-02T09:14:03.000Z',
      attributes: {
        image: 'index.docker.io/library/nginx:1.25.3',
        resources: ['shop/ReplicaSet/shop-web-6d4cf56db6', 'shop/ReplicaSet/shop-admin-84b7f9c6d5'],
      },
      mitigation: 'Upgrade libssl3 to 3.0.11-1~deb12u2',
    });
    expect(pkg(f[1])).toEqual({
      kind: 'package',
      name: 'libcurl4',
      version: '7.88.1-10+deb12u5',
      path: 'index.docker.io/library/nginx:1.25.3',
    });
    expect(await parse(data('vulnerabilityreports-list.json'), true)).toHaveLength(3);
  });

  it('an RbacAssessmentReport: failed checks only, on the Role', async () => {
    const f = await parse(data('rbacassessmentreport.json'));
    expect(f.map((x) => [x.ruleId, x.severity, src(x)?.file])).toEqual([
      ['KSV041', 'critical', 'shop/Role/deployer'],
    ]);
  });

  it('a summary ClusterComplianceReport: one finding per control with failures', async () => {
    const [f, ...rest] = await parse(data('clustercompliancereport-summary.json'));
    expect(rest).toHaveLength(0);
    expect(f).toMatchObject({
      ruleId: '1.0',
      name: '1.0 Non-root containers (7 failed)',
      severity: 'medium',
      attributes: { checks: ['AVD-KSV-0012'], totalFail: 7 },
    });
  });

  it('never keeps a secret in clear, even when the report did not mask it', async () => {
    const token = 'ghp_Zq8VnR3kT1bY6wLp0sXc4mHd7fJu2aEg9Ki5';
    expect(readFileSync(data('exposedsecretreport-unmasked.json'), 'utf8')).toContain(token);
    const [f] = await parse(data('exposedsecretreport-unmasked.json'));
    expect(JSON.stringify(f)).not.toContain(token);
    expect(JSON.stringify(f)).not.toContain('Zq8VnR3kT1bY6wLp');
    expect(src(f)).toMatchObject({ file: '/app/.env', snippet: 'GITHUB_TOKEN=ghp_********' });
    expect(f?.attributes).toMatchObject({
      resource: 'billing/Deployment/billing-worker',
      image: 'ghcr.io/acme/billing-worker:2.4.0',
    });
  });

  it('a vulnerability that is not an object is a ParseError at its JSON path', async () => {
    const doc = JSON.parse(readFileSync(data('vulnerabilityreports-list.json'), 'utf8')) as {
      items: { report: { vulnerabilities: unknown[] } }[];
    };
    doc.items[1]!.report.vulnerabilities[0] = 'CVE-2023-5678';
    const { findings } = await parseReport({ text: JSON.stringify(doc) }, { scannerType: 'trivy-operator' });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^trivy-operator: at \$\.items\[1\]\.report\.vulnerabilities\[0\]: expected an object in vulnerabilities/,
    );
  });

  it('an unknown severity word warns and becomes medium', async () => {
    const text = readFileSync(data('rbacassessmentreport.json'), 'utf8').replace('"CRITICAL"', '"URGENT"');
    const warnings: string[] = [];
    const { findings } = await parseReport(
      { text },
      { scannerType: 'auto', onWarning: (w) => warnings.push(w) },
    );
    expect((await collect(findings))[0]?.severity).toBe('medium');
    expect(warnings[0]).toMatch(/report\.checks\[0\]\.severity: unknown severity/);
  });
});
