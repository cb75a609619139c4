import { projectNameSchema, SCAN_KINDS, verdictSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { importTypeSchema } from './import-types.js';
import { plainTextSchema } from './plain-text.js';

const provider = plainTextSchema(200).trim().min(1);
const externalId = plainTextSchema(200)
  .min(1)
  .meta({ description: 'The provider’s scan id, e.g. the Invicti scan id' });

/** `POST /api/v1/findings`: secureCodeBox findings (what `scanrelay invicti issues` writes) for a scan. */
export const findingsIngestBodySchema = z
  .object({
    project: projectNameSchema.meta({ example: 'shop-frontend' }),
    scan: z
      .object({
        id: z.uuid().optional().meta({ description: 'An existing scanrelay scan of this project' }),
        externalId: externalId.optional(),
        provider: provider.default('invicti'),
        kind: z.enum(SCAN_KINDS).default('dast'),
        target: plainTextSchema(2000).optional(),
      })
      .refine((s) => s.id || s.externalId, { message: 'give scan.id or scan.externalId' }),
    importType: importTypeSchema.default('merge'),
    findings: z.array(z.unknown()).meta({ description: 'secureCodeBox findings (findings.json)' }),
  })
  .meta({ id: 'FindingsIngest' });
/** What a caller sends (defaults may be left out). */
export type FindingsIngestBody = z.input<typeof findingsIngestBodySchema>;

/**
 * `POST /api/v1/findings?project=…&scan_id=…` with a bare secureCodeBox findings array as the body
 * (the results workflow's `curl -d @findings.json`): the wrapper's fields as query parameters.
 */
export const findingsIngestQuerySchema = z.object({
  project: projectNameSchema.optional().meta({
    description:
      'Default: the project of the scan (scan_id) or of the one completion awaiting results, else the Invicti webhook’s project',
  }),
  scan_id: externalId.optional().meta({
    description:
      'The provider’s scan id. Default: the one recent Invicti completion of this tenant (and project) dispatched to the results workflow and not yet ingested',
  }),
  provider: provider.default('invicti'),
  kind: z.enum(SCAN_KINDS).default('dast'),
  import_type: importTypeSchema.default('merge'),
});
export type FindingsIngestQuery = z.input<typeof findingsIngestQuerySchema>;

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
