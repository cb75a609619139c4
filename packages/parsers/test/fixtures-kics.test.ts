import { createReadStream, readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { kicsParser } from '../src/scanners/kics.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

// Own report: kics 1.7.13 results.json (kics_version, cwe, cloud_provider, resource_type/name,
// remediation, severities HIGH, MEDIUM, INFO and TRACE).
const ID = 'kics';
const data = dataDir(ID);

const parsePath = (path: string) => parseDetected(ID, { path });
const row = (f: Finding | undefined) => [
  f?.name,
  f?.severity,
  src(f)?.file,
  src(f)?.startLine,
  f?.attributes.platform,
];

describe.runIf(need('fixtures'))('kics fixtures (DefectDojo)', () => {
  const entries = expectedFor('kics');

  it('has the kics fixtures', () => expect(entries.length).toBe(2));

  // 2/2 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings ?? -1);
  });

  it('many_findings: titles, severities, files, lines and platforms as DefectDojo asserts', async () => {
    const f = await parsePath(fixturePath('kics/many_findings.json'));
    expect(row(f[0])).toEqual([
      'Secret Management: Passwords And Secrets In Infrastructure Code',
      'high',
      'test/charts/example/terraform/main.tf',
      25,
      'Common',
    ]);
    expect(row(f[1])).toEqual([
      'Access Control: S3 Bucket Access to Any Principal',
      'high',
      'test/charts/example/terraform/s3.tf',
      36,
      'Terraform',
    ]);
    expect(row(f[5])).toEqual([
      'Resource Management: CPU Limits Not Set',
      'medium',
      'test/charts/example/templates/example.yaml',
      62,
      'Kubernetes',
    ]);
    expect(f.slice(10, 13).map((x) => x.severity)).toEqual(['low', 'low', 'low']);
    expect(f.every((x) => x.occurrences === 1)).toBe(true);
    expect(f[1]).toMatchObject({
      ruleId: '7af43613-6bb9-4a0e-8c4d-1314b799425e',
      category: 'IaC',
      mitigation: "aws_s3_bucket_policy[this].policy.Principal is not equal to, nor does it contain '*'",
      references: [
        'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy',
      ],
      stableId:
        "da1423e225c92e2941862ed75eacd8f807f8aa7bc003d490faeb8e56a7264ea9|aws_s3_bucket_policy[this].policy.Principal is not equal to, nor does it contain '*'",
    });
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['kics'], [ID])) expect(kicsParser.detect(head), file).toBe(0);
  });
});

describe('kics own fixtures', () => {
  it('auto-detects every report in test/data/kics', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('kics 1.7: version, CWE, TRACE as info, resource and remediation kept', async () => {
    const f = await parsePath(data('kics-1.7.13.json'));
    expect(f.map((x) => [x.name, x.severity, x.cwe])).toEqual([
      ['Encryption: S3 Bucket Without Server-side-encryption', 'high', ['CWE-311']],
      ['Insecure Configurations: Healthcheck Instruction Missing', 'medium', ['CWE-710']],
      ['Best Practices: Resource Not Using Tags', 'info', ['CWE-665']],
      ['Best Practices: Variable Without Description', 'info', ['CWE-710']],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'KICS', version: 'v1.7.13' },
      location: { kind: 'source', file: '../../path/main.tf', startLine: 1 },
      attributes: { cloudProvider: 'AWS', resourceType: 'aws_s3_bucket', resourceName: 'acme-data' },
    });
    expect(f[3]?.attributes.remediation).toBe('{"after":"description = \\"...\\"","before":""}');
  });

  it('a one-shot stream still has every finding (category and description follow files there)', async () => {
    const r = await parseReport({ stream: createReadStream(data('kics-1.7.13.json')) });
    const f = await collect(r.findings);
    expect(f.map((x) => x.severity)).toEqual(['high', 'medium', 'info', 'info']);
  });

  it('an unknown severity warns and is medium', async () => {
    const text = JSON.stringify({
      queries: [
        { query_name: 'Q', query_id: 'q1', severity: 'URGENT', files: [{ file_name: 'a.tf', line: 3 }] },
      ],
    });
    const warnings: string[] = [];
    const r = await parseReport({ text }, { scannerType: ID, onWarning: (m) => warnings.push(m) });
    expect((await collect(r.findings))[0]?.severity).toBe('medium');
    expect(warnings[0]).toMatch(/^\$\.queries\[0\]\.severity: unknown severity/);
  });

  it('a result without its file name is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({ queries: [{ query_name: 'Q', severity: 'LOW', files: [{ line: 3 }] }] });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^kics: at \$\.queries\[0\]\.files\[0\]\.file_name: expected/);
  });
});
