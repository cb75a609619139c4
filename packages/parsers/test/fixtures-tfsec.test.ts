import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { tfsecParser } from '../src/scanners/tfsec.js';
import { foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

// DefectDojo has no tfsec sample. Own reports in tfsec's --format json shapes: 1.28 (AVD ids, long_id,
// links, resource, status with --include-passed), 0.39 (rule_description, link, ERROR/WARNING, passed)
// and the early 0.1x shape (rule_id, link, location, description, severity only).
const ID = 'tfsec';
const data = dataDir(ID);

const parsePath = (path: string, onWarning?: (m: string) => void) =>
  parseDetected(ID, { path }, { onWarning });
const row = (f: Finding) => [f.ruleId, f.severity, src(f)?.file, src(f)?.startLine];

describe('tfsec --format json', () => {
  it('auto-detects every report in test/data/tfsec', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('1.28: AVD rule ids, severities, resource, links; a passed result is not a finding', async () => {
    const warnings: string[] = [];
    const f = await parsePath(data('tfsec-1.28.json'), (m) => warnings.push(m));
    expect(f.map(row)).toEqual([
      ['AVD-AWS-0086', 'high', '/home/runner/infra/main.tf', 1],
      ['AVD-AWS-0089', 'medium', '/home/runner/infra/main.tf', 1],
      ['AVD-GIT-0001', 'critical', '/home/runner/infra/github.tf', 3],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'tfsec' },
      name: 'S3 Access block should block public ACL',
      description:
        'No public access block so not blocking public acls\nImpact: PUT calls with public ACLs specified can make objects public',
      mitigation: 'Enable blocking any PUT calls with a public ACL specified',
      category: 'IaC',
      stableId: 'aws_s3_bucket.data',
      location: { endLine: 4 },
      references: [
        'https://aquasecurity.github.io/tfsec/v1.28.11/checks/aws/s3/block-public-acls/',
        'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block#block_public_acls',
      ],
      attributes: { longId: 'aws-s3-block-public-acls', provider: 'aws', service: 's3' },
    });
    expect(src(f[2])?.endLine).toBeUndefined();
    expect(warnings).toEqual(['tfsec: 1 passed or ignored result(s) are not findings']);
  });

  it('0.39: ERROR is high, WARNING medium; link as reference; the same rule ids as DefectDojo', async () => {
    const f = await parsePath(data('tfsec-0.39.json'));
    expect(f.map(row)).toEqual([
      ['AWS002', 'high', '/home/runner/infra/main.tf', 1],
      ['AWS017', 'high', '/home/runner/infra/main.tf', 1],
      ['AWS077', 'medium', '/home/runner/infra/main.tf', 1],
    ]);
    expect(f[0]).toMatchObject({
      name: 'S3 Bucket does not have logging enabled.',
      references: ['https://tfsec.dev/docs/aws/AWS002/'],
      attributes: { provider: 'aws' },
    });
    expect(f[0]?.stableId).toBeUndefined();
  });

  it('0.1x (rule_id, link, description only): the description names the finding; INFO is info', async () => {
    const f = await parsePath(data('tfsec-0.13.json'));
    expect(f.map(row)).toEqual([
      ['AWS044', 'high', '/home/runner/infra/provider.tf', 6],
      ['AWS002', 'high', '/home/runner/infra/main.tf', 1],
      ['AWS018', 'info', '/home/runner/infra/main.tf', 6],
    ]);
    expect(f[0]?.name).toBe("Provider 'provider.aws' has an access key specified.");
  });

  it('results null (no finding, before 1.0) is an empty report', async () => {
    const r = await parseReport({ text: '{"results": null}' }, { scannerType: ID });
    expect(await collect(r.findings)).toEqual([]);
  });

  it('a result without its location is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({ results: [{ rule_id: 'AWS002', severity: 'ERROR' }] });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^tfsec: at \$\.results\[0\]\.location: expected a tfsec result/,
    );
  });

  it('an unknown severity warns and is medium', async () => {
    const text = JSON.stringify({
      results: [{ rule_id: 'X1', severity: 'SOMETIMES', location: { filename: 'a.tf', start_line: 2 } }],
    });
    const warnings: string[] = [];
    const r = await parseReport({ text }, { scannerType: ID, onWarning: (m) => warnings.push(m) });
    expect((await collect(r.findings))[0]?.severity).toBe('medium');
    expect(warnings[0]).toMatch(/^\$\.results\[0\]\.severity: unknown severity/);
  });
});

describe.runIf(need('fixtures'))('tfsec detection', () => {
  it('detection is exclusive: 0 on every DefectDojo folder and other test data', () => {
    for (const { file, head } of foreignHeads([], [ID])) expect(tfsecParser.detect(head), file).toBe(0);
  });
});
