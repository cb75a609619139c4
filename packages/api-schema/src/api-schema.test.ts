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
        'FindingPage',
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
        'Problem',
        'Scan',
        'ScanPage',
        'ScanRefetch',
        'StoredFinding',
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
});
