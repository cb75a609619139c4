import { SCAN_KINDS, SCAN_STATUSES } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as wire from './index.js';

describe('@scanrelay/api-schema', () => {
  it('names every component the OpenAPI document shows', () => {
    const ids = (Object.values(wire) as unknown[])
      .filter((v): v is z.ZodType => v instanceof z.ZodType)
      .map((s) => z.globalRegistry.get(s)?.id)
      .filter(Boolean)
      .sort();
    expect(ids).toEqual(
      [
        'ApiKey',
        'ApiKeyList',
        'BulkTriageRequest',
        'BulkTriageResult',
        'FindingHistory',
        'FindingHistoryEntry',
        'FindingPage',
        'FindingTriage',
        'FindingsIngest',
        'FindingsIngestResult',
        'Forward',
        'ForwardList',
        'ForwardPage',
        'ForwardRequest',
        'Health',
        'InvictiScanRegistered',
        'InvictiScanRegistration',
        'Job',
        'JobLogLine',
        'JobPage',
        'OpenVexDocument',
        'Problem',
        'Scan',
        'ScanPage',
        'ScanRefetch',
        'StoredFinding',
        'TriageRequest',
        'UploadAccepted',
        'WebhookAccepted',
        'WebhookDelivery',
        'WebhookDeliveryPage',
      ].sort(),
    );
  });

  it("takes the scan's kinds and statuses from the canonical Scan", () => {
    const shape = wire.scanViewSchema.shape;
    expect(shape.kind.options).toEqual([...SCAN_KINDS]);
    expect(shape.status.options).toEqual([...SCAN_STATUSES]);
    const scan = wire.scanViewSchema.parse({
      id: 's1',
      project: 'shop',
      projectId: 'p1',
      provider: 'invicti',
      kind: 'dast',
      status: 'completed',
      counts: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
      verdict: 'pass',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(scan.counts.high).toBe(1);
    expect(wire.scanViewSchema.safeParse({ ...scan, kind: 'pentest' }).success).toBe(false);
  });

  it('reads a findings ingest body with its defaults and refuses one without a scan reference', () => {
    const body = wire.findingsIngestBodySchema.parse({
      project: ' shop ',
      scan: { externalId: 'x1' },
      findings: [],
    });
    expect(body).toEqual({
      project: 'shop',
      scan: { externalId: 'x1', provider: 'invicti', kind: 'dast' },
      importType: 'merge',
      findings: [],
    });
    const refused = wire.findingsIngestBodySchema.safeParse({ project: 'shop', scan: {}, findings: [] });
    expect(refused.error?.issues[0]?.message).toBe('give scan.id or scan.externalId');
  });

  it('reads a triage request in either spelling and stores the hyphenated status', () => {
    const body = wire.triageRequestSchema.parse({
      status: 'accepted_risk',
      reason: ' vendor fix due ',
      expires: '2027-06-30',
    });
    expect(body).toEqual({ status: 'accepted_risk', reason: 'vendor fix due', expires: '2027-06-30' });
    expect(wire.findingStatusOf(body.status)).toBe('accepted-risk');
    expect(wire.findingStatusOf('false_positive')).toBe('false-positive');
    expect(wire.findingStatusOf('open')).toBe('open');
    expect(wire.triageRequestSchema.safeParse({ status: 'false-positive', reason: 'x' }).success).toBe(true);
    expect(wire.triageRequestSchema.safeParse({ status: 'open' }).success).toBe(true);
    const noReason = wire.triageRequestSchema.safeParse({ status: 'false_positive', expires: '2027-06-30' });
    expect(noReason.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['reason', 'required to mark a finding false-positive'],
      ['expires', 'applies only to accepted-risk, not to false-positive'],
    ]);
    const bad = wire.triageRequestSchema.safeParse({ status: 'fixed', expires: 'next june', extra: 1 });
    expect(bad.error?.issues.map((i) => i.path.join('.') || i.message).sort()).toEqual([
      'Unrecognized key: "extra"',
      'expires',
      'status',
    ]);
  });

  it('reads a bulk triage filter with single values, lists and aliases', () => {
    const body = wire.bulkTriageRequestSchema.parse({
      filter: {
        severity: ['critical', 'high'],
        status: 'accepted_risk',
        tool: 'trivy',
        kind: 'package',
        q: 'openssl',
      },
      status: 'open',
    });
    expect(body.filter.status).toBe('accepted_risk');
    expect(
      wire.bulkTriageRequestSchema.safeParse({ filter: { kind: 'file' }, status: 'open' }).error?.issues[0]
        ?.path,
    ).toEqual(['filter', 'kind']);
  });

  it('refuses an OpenVEX statement that the spec forbids', () => {
    const doc = {
      '@context': 'https://openvex.dev/ns/v0.2.0',
      '@id': 'https://scanrelay.dev/vex/t/p/abc',
      author: 'scanrelay',
      timestamp: '2026-12-04T10:00:00Z',
      version: 1,
      statements: [
        { vulnerability: { name: 'CVE-2024-1' }, products: [{ '@id': 'pkg:npm/a@1' }], status: 'affected' },
      ],
    };
    expect(wire.openVexDocumentSchema.safeParse(doc).error?.issues[0]?.path).toEqual([
      'statements',
      0,
      'action_statement',
    ]);
  });
});
