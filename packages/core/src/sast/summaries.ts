import { emptyCounts, SEVERITIES, severityCountsSchema, verdictSchema } from '@scanrelay/findings-schema';
import type { SastResultRecord, Store } from '@scanrelay/storage/types';
import { z } from 'zod';
import type { SastDeps } from './sast-types.js';

/**
 * One provider's summary of a project (the seed's `external-scan:{name}:{provider}` KV entry): its
 * current result in a few fields, cheap to serve.
 */
export const providerSummarySchema = z.object({
  provider: z.string(),
  status: z.enum(['completed', 'failed']),
  verdict: verdictSchema,
  counts: severityCountsSchema,
  score: z.number().int().min(0).max(100),
  /** The commit that was scanned (absent when its checkout failed). */
  commitSha: z.string().optional(),
  /** When the scan finished. */
  scannedAt: z.string(),
  scanId: z.string(),
  tool: z.object({ name: z.string(), version: z.string().optional() }),
  /** The result carried an attestation that verified. */
  attested: z.boolean(),
});
export type ProviderSummary = z.infer<typeof providerSummarySchema>;

/** A project's summary over every provider (the seed's `external-scans:{name}`). */
export const projectSummarySchema = z.object({
  project: z.string(),
  /** `fail` when any provider's verdict fails. */
  verdict: verdictSchema,
  /** The providers' counts added up. */
  counts: severityCountsSchema,
  providers: z.array(providerSummarySchema),
  updatedAt: z.string(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

function providerSummary(record: SastResultRecord): ProviderSummary {
  const summary: ProviderSummary = {
    provider: record.provider,
    status: record.status,
    verdict: record.verdict,
    counts: record.counts,
    score: record.score,
    scannedAt: record.finishedAt,
    scanId: record.scanId,
    tool: record.tool,
    attested: record.attestation !== undefined,
  };
  if (record.commitSha !== undefined) summary.commitSha = record.commitSha;
  return summary;
}

export interface SummaryTarget {
  tenantId: string;
  projectId: string;
  project: string;
}

/**
 * Rewrites a project's summaries from its current results (`store.sastResults`): one per provider
 * and the project's, each served until `config.summaryTtlMs` after `now`. Pass the transaction's store
 * so the summaries change with the result.
 */
export async function refreshSummaries(
  tx: Store,
  target: SummaryTarget,
  ttlMs: number,
  now: Date,
): Promise<ProjectSummary> {
  const { tenantId, projectId } = target;
  const records = await tx.sastResults.listForProject(tenantId, projectId);
  const providers = records.map(providerSummary).sort((a, b) => a.provider.localeCompare(b.provider));
  const counts = emptyCounts();
  for (const p of providers) for (const s of SEVERITIES) counts[s] += p.counts[s] ?? 0;
  for (const p of providers)
    await tx.summaries.put({ tenantId, projectId, provider: p.provider }, p, ttlMs, now);
  const summary: ProjectSummary = {
    project: target.project,
    verdict: providers.some((p) => p.verdict === 'fail') ? 'fail' : 'pass',
    counts,
    providers,
    updatedAt: now.toISOString(),
  };
  await tx.summaries.put({ tenantId, projectId }, summary, ttlMs, now);
  return summary;
}

export interface SummaryQuery {
  tenantId: string;
  project: string;
}

/**
 * A project's summary as served: undefined for an unknown project (or another tenant's), one never
 * summarised, or one whose summary expired at `deps.now`.
 */
export async function readProjectSummary(
  deps: SastDeps,
  q: SummaryQuery,
): Promise<ProjectSummary | undefined> {
  const project = await deps.store.projects.getByName(q.tenantId, q.project);
  if (!project) return undefined;
  const now = deps.now?.() ?? new Date();
  const stored = await deps.store.summaries.get({ tenantId: q.tenantId, projectId: project.id }, now);
  const parsed = projectSummarySchema.safeParse(stored?.value);
  return parsed.success ? parsed.data : undefined;
}

/** One provider's summary of a project as served; undefined as for `readProjectSummary`. */
export async function readProviderSummary(
  deps: SastDeps,
  q: SummaryQuery & { provider: string },
): Promise<ProviderSummary | undefined> {
  const project = await deps.store.projects.getByName(q.tenantId, q.project);
  if (!project) return undefined;
  const now = deps.now?.() ?? new Date();
  const key = { tenantId: q.tenantId, projectId: project.id, provider: q.provider };
  const parsed = providerSummarySchema.safeParse((await deps.store.summaries.get(key, now))?.value);
  return parsed.success ? parsed.data : undefined;
}
