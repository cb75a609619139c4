import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { awsInspector2Parser } from '../src/scanners/aws-inspector2.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

// Own report: one page of `aws inspector2 list-findings` (with nextToken) holding a
// NETWORK_REACHABILITY finding of an EC2 instance and a suppressed CODE_VULNERABILITY of a Lambda
// function, both with their details nested as the API writes them.
const ID = 'aws-inspector2';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });

describe.runIf(need('fixtures'))('aws-inspector2 fixtures (DefectDojo)', () => {
  const entries = expectedFor('aws_inspector2');

  it('has the aws_inspector2 fixtures', () => expect(entries.length).toBe(6));

  // 4/4 asserted counts agree: one finding per element of findings[], whatever its status (a CLOSED
  // or SUPPRESSED one keeps its status in attributes); the fabricated multi-CWE file has 3.
  it.each(entries.filter((e) => !e.file.endsWith('empty_with_error.json')).map((e) => [e.file, e] as const))(
    '%s',
    async (file, e) => {
      expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
      expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings ?? 3);
    },
  );

  it('empty_with_error.json ({}): a ParseError, as DefectDojo refuses it', async () => {
    const { findings } = await parseReport(
      { path: fixturePath('aws_inspector2/empty_with_error.json') },
      { scannerType: ID },
    );
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^aws-inspector2: at \$: expected aws inspector2 list-findings JSON/,
    );
  });

  it('aws_inspector2_one_vul.json: title, severity, CVSS, package in the ECR image, ARN as stable id', async () => {
    const [f] = await parsePath(fixturePath('aws_inspector2/aws_inspector2_one_vul.json'));
    expect(f).toMatchObject({
      tool: { id: ID, name: 'Amazon Inspector' },
      ruleId: 'CVE-2021-3744',
      name: 'CVE-2021-3744 - linux',
      severity: 'medium',
      category: 'Container',
      cve: ['CVE-2021-3744'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', score: 5.5 },
      references: ['https://security-tracker.debian.org/tracker/CVE-2021-3744'],
      mitigation: 'apt-get update && apt-get upgrade',
      identifiedAt: '2024-02-02T15:30:33.045Z',
      stableId: 'arn:aws:inspector2:us-east-1:012345678901:finding/00031f625ee77ac186869f906eb73366',
      location: {
        kind: 'package',
        name: 'linux',
        version: '4.19.118',
        fixedVersion: '0:4.19.232-1',
        ecosystem: 'os',
        path: 'arn:aws:ecr:us-east-1:012345678901:repository/my-awesome-docker-image/sha256:c667ad018b538adadb5bd1db75836c8561b23bc7d31d9cd8941fa74f5df93802',
      },
      attributes: {
        status: 'ACTIVE',
        findingType: 'PACKAGE_VULNERABILITY',
        epss: 0.00075,
        inspectorScore: 5.5,
      },
    });
  });

  it('aws_inspector2_many_vul.json: the first (CLOSED) finding keeps its status; UNTRIAGED is info', async () => {
    const f = await parsePath(fixturePath('aws_inspector2/aws_inspector2_many_vul.json'));
    expect(f[0]?.attributes).toMatchObject({ status: 'CLOSED', lastObservedAt: '2024-06-14T02:03:53.051Z' });
    expect(f[0]?.cvss).toMatchObject({ vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', score: 5.5 });
    expect(f.filter((x) => x.severity === 'info')).toHaveLength(2);
    expect(f.find((x) => x.attributes.resourceType === 'AWS_EC2_INSTANCE')?.location).toMatchObject({
      kind: 'package',
    });
  });

  it('package_vuln_metadata: go/stdlib 1.24.4 in a Lambda layer, CVSS 7.5, both reference URLs', async () => {
    const [f] = await parsePath(fixturePath('aws_inspector2/aws_inspector2_package_vuln_metadata.json'));
    expect(f).toMatchObject({
      ruleId: 'CVE-2025-58187',
      category: 'Dependency',
      cvss: { score: 7.5 },
      location: {
        kind: 'package',
        name: 'go/stdlib',
        version: '1.24.4',
        fixedVersion: '1.25.3',
        ecosystem: 'generic',
      },
      references: [
        'https://nvd.nist.gov/vuln/detail/CVE-2025-58187',
        'https://groups.google.com/g/golang-announce/c/4Emdl2iQ_bI',
      ],
      attributes: { packageFilePath: 'extensions/collector' },
    });
  });

  it('multi_cwe_fabricated: the CODE_VULNERABILITY has both CWEs and its file and line', async () => {
    const [f] = await parsePath(
      fixturePath('aws_inspector2/aws_inspector2_package_vuln_metadata_multi_cwe_fabricated.json'),
    );
    expect(f).toMatchObject({
      ruleId: 'python-log-injection',
      name: 'CWE-117,93 - Log injection',
      category: 'SAST',
      cwe: ['CWE-117', 'CWE-93'],
      location: { kind: 'source', file: 'src/project_api/service/api_client.py', startLine: 268 },
      attributes: { detectorId: 'python/log-injection@v1.0', detectorName: 'Log injection' },
    });
  });

  // semgrep_pro/no_vuln.json is `{"findings": []}`, byte for byte an empty page of list-findings:
  // no detection can tell them apart, so it is left out (an empty page is claimed at 60, below 95).
  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['aws_inspector2'], [ID], ['semgrep_pro/no_vuln.json']))
      expect(awsInspector2Parser.detect(head), file).toBe(0);
  });
});

describe('aws-inspector2 own fixtures', () => {
  it('auto-detects every report in test/data/aws-inspector2', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('NETWORK_REACHABILITY: the instance is the host, with port and protocol; the path in attributes', async () => {
    const [f] = await parsePath(data('inspector2-network-code.json'));
    expect(f).toMatchObject({
      ruleId: 'NETWORK_REACHABILITY/tcp/22',
      name: 'Port 22 is reachable from an Internet Gateway - TCP',
      severity: 'medium',
      category: 'Network',
      location: { kind: 'host', host: 'i-0a1b2c3d4e5f67890', port: 22, protocol: 'tcp' },
      attributes: { portRange: '22', status: 'ACTIVE' },
    });
    expect(f?.attributes.networkPath).toHaveLength(4);
  });

  it('CODE_VULNERABILITY (nested details): file, lines, CWE; SUPPRESSED kept with its status', async () => {
    const [, f] = await parsePath(data('inspector2-network-code.json'));
    expect(f).toMatchObject({
      ruleId: 'python-hardcoded-credentials',
      severity: 'critical',
      cwe: ['CWE-798'],
      location: { kind: 'source', file: 'app/handler.py', startLine: 12, endLine: 14 },
      attributes: { status: 'SUPPRESSED', resourceType: 'AWS_LAMBDA_FUNCTION' },
    });
  });

  it('a finding without its ARN is a ParseError at its path; an unknown type warns and is kept', async () => {
    const bad = JSON.stringify({ findings: [{ type: 'PACKAGE_VULNERABILITY', severity: 'LOW' }] });
    const e = await collect((await parseReport({ text: bad }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^aws-inspector2: at \$\.findings\[0\]\.findingArn: expected an Inspector2 finding/,
    );
    const warnings: string[] = [];
    const odd = JSON.stringify({
      findings: [
        {
          findingArn: 'arn:aws:inspector2:eu-west-1:1:finding/x',
          type: 'SOMETHING_NEW',
          severity: 'HIGH',
          title: 'New kind',
          resources: [{ type: 'AWS_ECR_REPOSITORY', id: 'arn:aws:ecr:eu-west-1:1:repository/r' }],
        },
      ],
    });
    const [f] = await collect(
      (await parseReport({ text: odd }, { scannerType: ID, onWarning: (m) => warnings.push(m) })).findings,
    );
    expect(f).toMatchObject({
      ruleId: 'New kind',
      location: { kind: 'source', file: 'arn:aws:ecr:eu-west-1:1:repository/r' },
    });
    expect(warnings).toHaveLength(1);
  });
});
