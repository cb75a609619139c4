import { scanSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { forwardSchema } from './forward.js';
import { pageSchema } from './page.js';

const canonical = scanSchema.shape;

/**
 * A stored scan as the API shows it: the canonical Scan of `@scanrelay/findings-schema` (its
 * `kind`, `status`, `target`, `counts` and `verdict` are taken from there), plus the project's id
 * and what the ingest reported. Ids, the commit, the score and timestamps are plain on the wire:
 * they come from stored rows, which the canonical schema validated on the way in.
 */
export const scanViewSchema = z
  .object({
    id: z.string(),
    project: z.string(),
    projectId: z.string(),
    provider: z.string(),
    kind: canonical.kind,
    status: canonical.status,
    /** Why a scan ended as it did, in the provider's words (e.g. Invicti's state for a failed scan). */
    statusDetail: z.string().optional(),
    externalId: z.string().optional(),
    commitSha: z.string().optional(),
    target: canonical.target,
    counts: canonical.counts,
    verdict: canonical.verdict,
    score: z.number().optional(),
    ingest: z.record(z.string(), z.unknown()).optional(),
    createdAt: z.string(),
    startedAt: z.string().optional(),
    completedAt: z.string().optional(),
    updatedAt: z.string(),
    /** Per destination: status, counts and last error (on single-scan reads). */
    forwards: z.array(forwardSchema).optional(),
  })
  .meta({ id: 'Scan' });
export type ScanView = z.infer<typeof scanViewSchema>;

export const scanPageSchema = pageSchema(scanViewSchema).meta({ id: 'ScanPage' });
export type ScanPage = z.infer<typeof scanPageSchema>;
