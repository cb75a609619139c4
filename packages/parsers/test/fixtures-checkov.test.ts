import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { checkovParser } from '../src/scanners/checkov.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

// Own report: checkov 3.2 -o json over terraform, secrets and an npm lock file (a list of three
// check-type objects; severity null without a Prisma Cloud key, SCA vulnerability_details).
const ID = 'checkov';
const data = dataDir(ID);

const parsePath = (path: string, oneFindingPerRecord = false) =>
  parseDetected(ID, { path }, { oneFindingPerRecord });

describe.runIf(need('fixtures'))('checkov fixtures (DefectDojo)', () => {
  const entries = expectedFor('checkov');

  it('has the checkov fixtures', () => expect(entries.length).toBe(6));

  // 5/5 asserted counts agree; many-vuln (DefectDojo asserts "more than 2") gives its 3 failed checks.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings ?? 3);
  });

  it('multiple check types: 11 terraform then 2 dockerfile findings, DefectDojo values', async () => {
    const f = await parsePath(fixturePath('checkov/checkov-report-multiple-check_type.json'));
    expect(f.filter((x) => x.attributes.checkType === 'terraform')).toHaveLength(11);
    expect(f.filter((x) => x.attributes.checkType === 'dockerfile')).toHaveLength(2);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'Checkov', version: '2.0.209' },
      ruleId: 'CKV_AWS_161',
      name: 'Ensure RDS database has IAM authentication enabled',
      severity: 'medium',
      category: 'IaC',
      references: [],
      stableId: 'aws_db_instance.default',
      attributes: { resource: 'aws_db_instance.default' },
    });
    expect(src(f[0])).toMatchObject({ file: '/aws/db-app.tf', startLine: 1 });
    expect(src(f[0])?.snippet).toBe('resource "aws_db_instance" "default" {');
    // A Dockerfile-wide check has line range [0, 0]: no line (DefectDojo keeps 0).
    expect(f[11]).toMatchObject({
      ruleId: 'CKV_DOCKER_3',
      severity: 'medium',
      references: ['https://docs.bridgecrew.io/docs/ensure-that-a-user-for-the-container-has-been-created'],
      location: { kind: 'source', file: '/aws/resources/Dockerfile' },
    });
    expect(src(f[11])?.startLine).toBeUndefined();
  });

  it('explicit severities: Medium, Medium, Low, High; bc_check_id kept', async () => {
    const f = await parsePath(fixturePath('checkov/checkov-report-severity.json'));
    expect(f.map((x) => x.severity)).toEqual(['medium', 'medium', 'low', 'high']);
    expect(f[0]?.attributes).toMatchObject({ bcCheckId: 'BC_GCP_GCS_2', bcCategory: 'Storage' });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['checkov'], [ID]))
      expect(checkovParser.detect(head), file).toBe(0);
  });
});

describe('checkov own fixtures', () => {
  it('auto-detects every report in test/data/checkov', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('checkov 3.2, three frameworks: passed checks are not findings; types give categories', async () => {
    const f = await parsePath(data('checkov-3.2-frameworks.json'));
    expect(f.map((x) => [x.ruleId, x.severity, x.category, src(x)?.startLine])).toEqual([
      ['CKV_AWS_18', 'medium', 'IaC', 1],
      ['CKV2_AWS_62', 'low', 'IaC', 1],
      ['CKV_SECRET_2', 'medium', 'Secrets', 7],
      ['CKV_CVE_2020_28500', 'medium', 'Dependency', undefined],
    ]);
    expect(f[0]).toMatchObject({
      tool: { version: '3.2.255' },
      attributes: {
        checkType: 'terraform',
        resourceAddress: 'aws_s3_bucket.data',
        bcCheckId: 'BC_AWS_S3_13',
      },
      location: { file: '/main.tf', startLine: 1, endLine: 4 },
    });
    // Two checks on one resource are two findings.
    expect(f[0]?.fingerprint).not.toBe(f[1]?.fingerprint);
  });

  it('a secret check keeps no code line (checkov masks it, we drop it anyway)', async () => {
    const f = (await parsePath(data('checkov-3.2-frameworks.json'))).find((x) => x.category === 'Secrets');
    expect(src(f)?.snippet).toBeUndefined();
    expect(JSON.stringify(f)).not.toContain('AKIA');
  });

  it('an SCA check is the package with its CVE, fixed version and CVSS', async () => {
    const f = (await parsePath(data('checkov-3.2-frameworks.json')))[3];
    expect(f).toMatchObject({
      name: 'CVE-2020-28500 - lodash: 4.17.20',
      cve: ['CVE-2020-28500'],
      cvss: { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2020-28500'],
      location: {
        kind: 'package',
        name: 'lodash',
        version: '4.17.20',
        fixedVersion: '4.17.21',
        path: '/app/package-lock.json',
      },
    });
  });

  it('the resource identifies a finding: moving it within the file keeps the fingerprint', async () => {
    const doc = JSON.parse(readFileSync(data('checkov-3.2-frameworks.json'), 'utf8')) as {
      results: { failed_checks: { file_line_range: number[] }[] };
    }[];
    const before = (await collect((await parseReport({ text: JSON.stringify(doc[0]) })).findings))[0];
    doc[0]!.results.failed_checks[0]!.file_line_range = [10, 13];
    const after = (await collect((await parseReport({ text: JSON.stringify(doc[0]) })).findings))[0];
    expect(src(after)?.startLine).toBe(10);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  it('reads a one-shot stream (no version: the summary follows the results)', async () => {
    const r = await parseReport({ stream: createReadStream(data('checkov-3.2-frameworks.json')) });
    const f = await collect(r.findings);
    expect(f.map((x) => x.ruleId)).toHaveLength(4);
    expect(f[0]?.tool.version).toBeUndefined();
    expect(f[2]?.category).toBe('Secrets');
  });

  it('an unknown severity word warns and is medium', async () => {
    const text = JSON.stringify({
      check_type: 'terraform',
      results: { failed_checks: [{ check_id: 'CKV_X_1', file_path: '/a.tf', severity: 'SEVERE-ish' }] },
    });
    const warnings: string[] = [];
    const r = await parseReport({ text }, { scannerType: ID, onWarning: (m) => warnings.push(m) });
    expect((await collect(r.findings))[0]?.severity).toBe('medium');
    expect(warnings[0]).toMatch(/results\.failed_checks\[0\]\.severity: unknown severity/);
  });

  it('a failed check without its file is a ParseError at its JSON path', async () => {
    const text = JSON.stringify([
      { check_type: 'terraform', results: { failed_checks: [{ check_id: 'CKV_1' }] } },
    ]);
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^checkov: at \$\[0\]\.results\.failed_checks\[0\]\.file_path: expected a checkov failed check/,
    );
  });

  it('another JSON document is a ParseError', async () => {
    const { findings } = await parseReport({ text: '{"foo": 1}' }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect((e as ParseError).detail).toMatch(/^checkov: at \$: expected checkov -o json output/);
  });

  it('oneFindingPerRecord keeps repeats apart', async () => {
    const check = { check_id: 'CKV_1', file_path: '/a.tf', file_line_range: [1, 2], resource: 'r.a' };
    const text = JSON.stringify({ check_type: 'terraform', results: { failed_checks: [check, check] } });
    const merged = await collect((await parseReport({ text }, { scannerType: ID })).findings);
    expect(merged.map((x) => x.occurrences)).toEqual([2]);
    const apart = await collect(
      (await parseReport({ text }, { scannerType: ID, oneFindingPerRecord: true })).findings,
    );
    expect(apart).toHaveLength(2);
  });
});
