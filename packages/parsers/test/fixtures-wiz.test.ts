import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, isParseError, parseReport } from '../src/index.js';
import { wizParser } from '../src/scanners/wiz.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { dataDir, parseDetected } from './support/parse-report.js';

const ID = 'wiz';
const data = dataDir(ID);

const parse = (source: { path: string } | { text: string }, oneFindingPerRecord = false) =>
  parseDetected(ID, source, { oneFindingPerRecord });
const parseFixture = (file: string, one = false) => parse({ path: fixturePath(file) }, one);

describe.runIf(need('fixtures'))('Wiz fixtures (DefectDojo)', () => {
  const entries = expectedFor('wiz');

  it('has the wiz fixtures', () => {
    expect(entries.length).toBe(5);
  });

  // resolved_findings.csv repeats one Issue ID in two rows (a test of date formats): one finding with
  // two occurrences; one per record gives DefectDojo's 3. The other 4/5 files agree.
  const merged: Record<string, number> = { 'wiz/resolved_findings.csv': 2 };

  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    expect(await parseFixture(file)).toHaveLength(merged[file] ?? e.expected_findings!);
    expect(await parseFixture(file, true)).toHaveLength(e.expected_findings!);
  });

  it('multiple_findings.csv: titles, severities, every status kept', async () => {
    const findings = await parseFixture('wiz/multiple_findings.csv');
    expect(findings[0]).toMatchObject({
      name: 'AKS role/cluster role assigned permissions that contain wildcards',
      severity: 'info',
      category: 'Cloud',
      ruleId: '5bd69891-b61f-49c8-85a5-c8f90c3eff80',
      stableId: '0029ee49-c676-432f-8690-12f2862ec708',
      location: {
        kind: 'source',
        file: 'k8s/user/42cfa6ccd681025c90a26bea65c39fa80ca8837a0bd3b5c7889165217fa4931e/aks-support',
      },
      identifiedAt: '2023-01-25T00:19:27.000Z',
    });
    expect(findings[1]).toMatchObject({
      name: 'Unusual activity by a principal from previously unseen country',
      severity: 'high',
    });
    expect(findings[9]?.name).toBe('AKS cluster contains a pod running containers with added capabilities');
    expect(findings[20]).toMatchObject({
      name: 'User/service account with get/list/watch permissions on secrets in an AKS cluster',
      severity: 'info',
    });
    const statuses = findings.map((f) => f.attributes.status);
    expect(statuses.filter((s) => s === 'OPEN')).toHaveLength(94);
    expect(statuses.filter((s) => s === 'IGNORED')).toHaveLength(2);
  });

  it('resolved_findings.csv: resolution and resolution times (ISO and Go formats)', async () => {
    const [first, second] = await parseFixture('wiz/resolved_findings.csv', true);
    expect(first?.attributes).toMatchObject({ status: 'RESOLVED', resolvedAt: '1999-01-25T00:19:27.000Z' });
    expect(first?.identifiedAt).toBe('2023-01-25T00:19:27.000Z');
    expect(second?.attributes).toMatchObject({
      resolution: 'CONTROL_DISABLED',
      resolvedAt: '2025-04-03T20:20:00.430Z',
    });
  });

  it('sca_format.csv: the vulnerability findings export', async () => {
    const findings = await parseFixture('wiz/sca_format.csv');
    expect(findings[0]).toMatchObject({
      ruleId: 'CVE-2024-39474',
      name: 'github.com/containerd/containerd: CVE-2024-39474',
      severity: 'low',
      cve: ['CVE-2024-39474'],
      stableId: '3ea99668-721f-11ef-94e9-bb8aaa280b32',
      location: {
        kind: 'package',
        name: 'github.com/containerd/containerd',
        version: '1.4.0',
        fixedVersion: '1.5.11',
        path: '/home/kubernetes/bin/containerd-gcfs-grpc',
      },
      mitigation: 'go get -u github.com/containerd/containerd (/home/kubernetes/bin/containerd-gcfs-grpc)',
    });
    expect(findings[0]?.description).toContain('/home/kubernetes/bin/containerd-gcfs-grpc');
    expect(findings[1]).toMatchObject({
      name: 'k8s.io/apimachinery: CVE-2024-36891',
      severity: 'medium',
      location: { name: 'k8s.io/apimachinery', version: '0.17.2' },
    });
    expect(findings[2]).toMatchObject({
      name: 'kernel: GHSA-c9cp-9c75-9v8c',
      severity: 'medium',
      location: { name: 'kernel', version: '109.17800.218.33' },
    });
    expect(findings[2]?.location?.kind === 'package' && findings[2].location.path).toBeUndefined();
  });

  it('detects nothing but Wiz exports', () => {
    for (const { file, head } of foreignHeads(['wiz'], [ID])) expect(wizParser.detect(head), file).toBe(0);
  });
});

describe('Wiz own fixtures', () => {
  it('auto-detects every report in test/data/wiz', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(1);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('issues export: quoted multi-line cells; a threat detection without Control ID is ruled by its title', async () => {
    const [vm, tor] = await parse({ path: data('wiz-issues-export.csv') });
    expect(vm).toMatchObject({
      ruleId: 'wc-id-1183',
      severity: 'critical',
      location: { file: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0a1b2c3d4e5f67890' },
      mitigation: '* Patch the vulnerable package.\n* Restrict inbound traffic with a security group.',
    });
    expect(tor).toMatchObject({
      ruleId: 'Suspicious API call from a Tor exit node',
      severity: 'high',
      attributes: { status: 'RESOLVED', resolution: 'ISSUE_FIXED', resolvedAt: '2024-04-12T09:03:27.118Z' },
    });
  });

  it('a row without Issue ID is a ParseError at its line; another CSV header is a ParseError', async () => {
    const header =
      'Created At,Title,Severity,Status,Description,Issue ID,Wiz URL\n2024-01-01T00:00:00Z,T,HIGH,OPEN,d,,https://app.wiz.io/x\n';
    const err = await parse({ text: header }).catch((e: unknown) => e);
    expect(isParseError(err)).toBe(true);
    expect((err as { detail: string }).detail).toMatch(
      /at line 2: expected a Wiz issue with a Issue ID value/,
    );
    const { findings } = await parseReport({ text: 'a,b\n1,2\n' }, { scannerType: ID });
    expect(isParseError(await collect(findings).catch((e: unknown) => e))).toBe(true);
  });
});
