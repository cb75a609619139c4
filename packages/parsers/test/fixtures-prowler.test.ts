import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { prowlerParser } from '../src/scanners/prowler.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, parseFindings, src } from './support/parse-report.js';

// Own reports: prowler 3.11 -M json and -M csv of one AWS run (a FAIL, a PASS, a 3.x manual INFO),
// and a prowler 5.7 json-ocsf FAIL muted by a mutelist (status "Suppressed").
const ID = 'prowler';
const data = dataDir(ID);

const parsePath = (path: string, oneFindingPerRecord = false) =>
  parseDetected(ID, { path }, { oneFindingPerRecord });
const parseAs = (path: string) => parseFindings({ path }, { scannerType: ID });

/**
 * Where we differ from DefectDojo: it also imports MANUAL results (checks prowler cannot automate) as
 * findings; we keep FAIL results only, as the brief and prowler's own "findings" view do.
 */
const OURS: Record<string, number> = {
  'prowler/example_output_aws.csv': 2, // DefectDojo 4: two MANUAL rows
  'prowler/example_output_aws.ocsf.json': 2, // DefectDojo 3: one MANUAL result
};

describe.runIf(need('fixtures'))('prowler fixtures (DefectDojo)', () => {
  const entries = expectedFor('prowler');

  it('has the prowler fixtures', () => expect(entries.length).toBe(10));

  // 8/10 counts agree (repeats of one check on one resource merge, as DefectDojo's count has them);
  // the two AWS files differ by their MANUAL results (see OURS).
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    if (file !== 'prowler/prowler_zero_vul.json')
      expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parseAs(fixturePath(file))).toHaveLength(OURS[file] ?? e.expected_findings!);
  });

  it('example_output_aws.csv: check title, severity, resource, compliance, stable id', async () => {
    const f = await parsePath(fixturePath('prowler/example_output_aws.csv'));
    expect(f.map((x) => [x.ruleId, x.name, x.severity])).toEqual([
      ['accessanalyzer_enabled', 'Check if IAM Access Analyzer is enabled', 'low'],
      [
        'account_maintain_different_contact_details_to_security_billing_and_operations',
        'Maintain different contact details to security, billing and operations.',
        'medium',
      ],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'Prowler' },
      category: 'Cloud',
      location: { kind: 'source', file: '<resource_uid>' },
      stableId: '<finding_uid>',
      identifiedAt: '2025-02-14T14:27:03.913Z',
      references: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/what-is-access-analyzer.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-getting-started.html',
        'https://aws.amazon.com/iam/features/analyze-access/',
      ],
      attributes: { status: 'FAIL', provider: 'aws', service: 'accessanalyzer', region: '<region>' },
    });
    expect(f[0]?.attributes.compliance).toContain('CIS-1.4: 1.20');
    expect(f[0]?.description).toMatch(/^IAM Access Analyzer in account <account_uid> is not enabled\.\n\n/);
    expect(f[0]?.mitigation).toContain(
      'CLI: aws accessanalyzer create-analyzer --analyzer-name <NAME> --type <ACCOUNT|ORGANIZATION>',
    );
  });

  it("severities as DefectDojo's assertions: azure, gcp, kubernetes in CSV and OCSF", async () => {
    const sev = async (file: string) =>
      (await parsePath(fixturePath(`prowler/${file}`))).map((x) => x.severity);
    expect(await sev('example_output_azure.csv')).toEqual(['medium', 'high', 'high', 'medium']);
    expect(await sev('example_output_azure.ocsf.json')).toEqual(['low', 'medium', 'high']);
    expect(await sev('example_output_gcp.csv')).toEqual(['medium', 'critical']);
    expect(await sev('example_output_gcp.ocsf.json')).toEqual(['medium', 'medium', 'critical']);
    expect(await sev('example_output_kubernetes.csv')).toEqual(['medium', 'high', 'medium', 'medium']);
    const k8s = await parsePath(fixturePath('prowler/example_output_kubernetes.ocsf.json'));
    expect(k8s.map((x) => [x.ruleId, x.occurrences])).toEqual([
      ['apiserver_always_pull_images_plugin', 1],
      ['apiserver_audit_log_maxage_set', 1],
      ['apiserver_audit_log_maxbackup_set', 2],
    ]);
    expect(k8s[0]?.attributes).toMatchObject({
      namespace: '<namespace>',
      resourceType: 'KubernetesAPIServer',
    });
    // The GCP CSV repeats one check on one resource: one finding, two occurrences (or two by record).
    const rows = await parsePath(fixturePath('prowler/example_output_gcp.csv'), true);
    expect(rows).toHaveLength(3);
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['prowler'], [ID]))
      expect(prowlerParser.detect(head), file).toBe(0);
  });
});

describe('prowler own fixtures', () => {
  it('auto-detects every report in test/data/prowler', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('prowler 3.11 JSON and CSV of one run: the same FAIL finding, fingerprint included', async () => {
    const json = await parsePath(data('prowler-3.11-aws.json'));
    const csv = await parsePath(data('prowler-3.11-aws.csv'));
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      ruleId: 's3_bucket_public_access',
      name: 'Ensure there are no S3 buckets open to Everyone or Any AWS user.',
      severity: 'critical',
      stableId: 'prowler-aws-s3_bucket_public_access-123456789012-eu-west-1-shop-assets',
      identifiedAt: '2023-11-20T09:12:44.306Z',
      attributes: {
        account: '123456789012',
        region: 'eu-west-1',
        compliance: ['CIS-1.5: 2.1.5', 'GDPR: article_25'],
      },
    });
    expect(src(json[0])?.file).toBe('arn:aws:s3:::shop-assets');
    expect(csv.map((x) => x.fingerprint)).toEqual(json.map((x) => x.fingerprint));
    expect(csv[0]?.description).toBe(json[0]?.description);
    expect(csv[0]?.mitigation).toBe(json[0]?.mitigation);
  });

  it('prowler 5.7 OCSF: a muted FAIL stays a finding, marked suppressed, with the tool version', async () => {
    const [f] = await parsePath(data('prowler-5.7-ocsf-muted.json'));
    expect(f).toMatchObject({
      tool: { id: ID, name: 'Prowler', version: '5.7.3' },
      ruleId: 's3_bucket_public_access',
      severity: 'critical',
      location: { kind: 'source', file: 'arn:aws:s3:::logs-archive' },
      references: [
        'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      ],
      attributes: { suppressed: true, status: 'FAIL', resourceName: 'logs-archive' },
    });
  });

  it('a malformed record is a ParseError naming its JSON path or CSV line; unknown statuses warn', async () => {
    const bad = JSON.stringify([{ status_code: 'FAIL', metadata: {} }]);
    const e = await collect((await parseReport({ text: bad }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^prowler: at \$\[0\]\.metadata\.event_code: expected a prowler OCSF finding/,
    );
    const v3 = JSON.stringify([{ Status: 'FAIL' }]);
    const e3 = await collect((await parseReport({ text: v3 }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect((e3 as ParseError).detail).toMatch(/^prowler: at \$\[0\]\.CheckID: expected a prowler result/);
    const csv =
      'FINDING_UID;PROVIDER;CHECK_ID;CHECK_TITLE;STATUS;STATUS_EXTENDED;SEVERITY\nu;aws;;t;FAIL;x;low\n';
    const ec = await collect((await parseReport({ text: csv }, { scannerType: ID })).findings).catch(
      (x: unknown) => x,
    );
    expect(ec).toBeInstanceOf(ParseError);
    expect((ec as ParseError).detail).toMatch(/line 2/);
    const warnings: string[] = [];
    const odd =
      'FINDING_UID;PROVIDER;CHECK_ID;CHECK_TITLE;STATUS;STATUS_EXTENDED;SEVERITY\nu;aws;c;t;ODD;x;low\n';
    const f = await collect(
      (await parseReport({ text: odd }, { scannerType: ID, onWarning: (m) => warnings.push(m) })).findings,
    );
    expect(f).toEqual([]);
    expect(warnings).toEqual(['prowler: line 2: unknown status "ODD"; result skipped']);
  });
});
