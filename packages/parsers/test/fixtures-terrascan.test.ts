import { readdirSync } from 'node:fs';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { terrascanParser } from '../src/scanners/terrascan.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected, src } from './support/parse-report.js';

// Own report: terrascan 1.18 scan -o json (AC_* rule ids, module_name, a skipped violation).
const ID = 'terrascan';
const data = dataDir(ID);

const parsePath = (path: string, onWarning?: (m: string) => void) =>
  parseDetected(ID, { path }, { onWarning });
const row = (f: Finding | undefined) => [f?.name, f?.severity, src(f)?.file, src(f)?.startLine, f?.ruleId];

describe.runIf(need('fixtures'))('terrascan fixtures (DefectDojo)', () => {
  const entries = expectedFor('terrascan');

  it('has the terrascan fixtures', () => expect(entries.length).toBe(2));

  // 2/2 counts agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(ID);
    expect(await parsePath(fixturePath(file))).toHaveLength(e.expected_findings ?? -1);
  });

  it('many_findings: DefectDojo titles, severities, lines, components and rule ids', async () => {
    const warnings: string[] = [];
    const f = await parsePath(fixturePath('terrascan/many_findings.json'), (m) => warnings.push(m));
    expect(row(f[0])).toEqual([
      'Infrastructure Security: gkeControlPlaneNotPublic',
      'high',
      'cluster.tf',
      52,
      'accurics.gcp.NS.109',
    ]);
    expect(f[0]?.stableId).toBe('google_container_cluster.k8s_cluster');
    expect(row(f[1])).toEqual([
      'Security Best Practices: autoNodeRepairEnabled',
      'medium',
      'cluster.tf',
      14,
      'accurics.gcp.OPS.144',
    ]);
    expect(f[1]?.attributes).toMatchObject({
      resourceType: 'google_container_node_pool',
      resourceName: 'k8s_cluster_node_pool',
    });
    expect(row(f[2])).toEqual([
      'Infrastructure Security: checkRequireSSLEnabled',
      'high',
      'db.tf',
      5,
      'accurics.gcp.EKM.141',
    ]);
    expect(row(f[5])?.slice(0, 4)).toEqual([
      'Security Best Practices: checkRotation365Days',
      'high',
      'vault.tf',
      18,
    ]);
    expect(f[5]?.stableId).toBe('google_kms_crypto_key.crypto_key');
    expect(f.every((x) => x.occurrences === 1)).toBe(true);
    expect(warnings).toEqual(['terrascan: the report lists 2 scan error(s); they are not findings']);
  });

  it('detection is exclusive: 0 on every other folder and test data', () => {
    for (const { file, head } of foreignHeads(['terrascan'], [ID]))
      expect(terrascanParser.detect(head), file).toBe(0);
  });
});

describe('terrascan own fixtures', () => {
  it('auto-detects every report in test/data/terrascan', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('terrascan 1.18: AC_* rules, module kept, skipped violations are not findings', async () => {
    const f = await parsePath(data('terrascan-1.18.json'));
    expect(f.map((x) => [x.ruleId, x.severity, src(x)?.file, src(x)?.startLine])).toEqual([
      ['AC_AWS_0214', 'high', 'main.tf', 1],
      ['AC_AWS_0210', 'medium', 'main.tf', 1],
      ['AC_K8S_0085', 'low', 'k8s.tf', 12],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'Terrascan' },
      name: 'Identity and Access Management: s3EnforceUserACL',
      description: 'S3 bucket Access is allowed to all AWS Account Users.',
      category: 'IaC',
      stableId: 'aws_s3_bucket.data',
      attributes: { moduleName: 'root', planRoot: './', ruleName: 's3EnforceUserACL' },
    });
  });

  it('a violation without its file is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({ results: { violations: [{ rule_name: 'r', rule_id: 'AC_1', line: 1 }] } });
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(/^terrascan: at \$\.results\.violations\[0\]\.file: expected/);
  });

  it('a document without results is a ParseError', async () => {
    const { findings } = await parseReport({ text: '{"violations": []}' }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect((e as ParseError).detail).toMatch(/^terrascan: at \$\.results: expected terrascan -o json output/);
  });
});
