import { z } from '@hono/zod-openapi';
import {
  findingSchema,
  scanKindSchema,
  scanStatusSchema,
  severityCountsSchema,
  severitySchema,
  verdictSchema,
} from '@scanrelay/findings-schema';
import { FINDING_STATUSES, type StoredFinding, type StoredScan } from '@scanrelay/storage';

export const scanViewSchema = z
  .object({
    id: z.string(),
    project: z.string(),
    projectId: z.string(),
    provider: z.string(),
    kind: scanKindSchema,
    status: scanStatusSchema,
    externalId: z.string().optional(),
    commitSha: z.string().optional(),
    target: z.string().optional(),
    counts: severityCountsSchema,
    verdict: verdictSchema.optional(),
    score: z.number().optional(),
    ingest: z.record(z.string(), z.unknown()).optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    updatedAt: z.string(),
  })
  .openapi('Scan');

export const scanPageSchema = z
  .object({ items: z.array(scanViewSchema), nextCursor: z.string().optional() })
  .openapi('ScanPage');

export const storedFindingSchema = z
  .object({
    id: z.string(),
    fingerprint: z.string(),
    tool: z.string(),
    scanner: z.string(),
    ruleId: z.string(),
    severity: severitySchema,
    status: z.enum(FINDING_STATUSES),
    occurrences: z.number().int(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    firstScanId: z.string(),
    lastScanId: z.string(),
    fixedAt: z.string().optional(),
    finding: findingSchema,
  })
  .openapi('StoredFinding');

export const findingPageSchema = z
  .object({ items: z.array(storedFindingSchema), nextCursor: z.string().optional() })
  .openapi('FindingPage');

export function scanView(scan: StoredScan): z.infer<typeof scanViewSchema> {
  const { tenantId: _t, ingest, ...rest } = scan;
  if (!ingest) return rest;
  const { tenantId: _it, ...ingestView } = ingest;
  return { ...rest, ingest: ingestView };
}

export function findingView(f: StoredFinding): z.infer<typeof storedFindingSchema> {
  const { tenantId: _t, projectId: _p, ...rest } = f;
  return rest;
}
