import { SCAN_KINDS, verdictSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { importTypeSchema } from './import-types.js';

const name = z.string().trim().min(1).max(200);

/** `POST /api/v1/findings`: secureCodeBox findings (what `scanrelay invicti issues` writes) for a scan. */
export const findingsIngestBodySchema = z
  .object({
    project: name.meta({ example: 'shop-frontend' }),
    scan: z
      .object({
        id: z.uuid().optional().meta({ description: 'An existing scanrelay scan of this project' }),
        externalId: z
          .string()
          .min(1)
          .max(200)
          .optional()
          .meta({ description: 'The provider’s scan id, e.g. the Invicti scan id' }),
        provider: name.default('invicti'),
        kind: z.enum(SCAN_KINDS).default('dast'),
        target: z.string().max(2000).optional(),
      })
      .refine((s) => s.id || s.externalId, { message: 'give scan.id or scan.externalId' }),
    importType: importTypeSchema.default('merge'),
    findings: z.array(z.unknown()).meta({ description: 'secureCodeBox findings (findings.json)' }),
  })
  .meta({ id: 'FindingsIngest' });
/** What a caller sends (defaults may be left out). */
export type FindingsIngestBody = z.input<typeof findingsIngestBodySchema>;

/** What the ingest did; `replayed` when the same provider scan was already ingested. */
export const findingsIngestResultSchema = z
  .object({
    scanId: z.string(),
    project: z.string(),
    replayed: z.boolean(),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    reopened: z.number().int(),
    fixed: z.number().int(),
    total: z.number().int(),
    counts: z.record(z.string(), z.number()),
    verdict: verdictSchema,
    score: z.number(),
  })
  .meta({ id: 'FindingsIngestResult' });
export type FindingsIngestResult = z.infer<typeof findingsIngestResultSchema>;
