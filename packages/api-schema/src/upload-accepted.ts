import { z } from 'zod';

/** `POST /api/v1/upload`'s 202: the job that will parse and ingest the report. */
export const uploadAcceptedSchema = z
  .object({
    jobId: z.string(),
    status: z.literal('queued'),
    scanner: z.string().meta({ example: 'trivy' }),
    bytes: z.number().int(),
    links: z.object({ job: z.string(), logs: z.string() }),
  })
  .meta({ id: 'UploadAccepted' });
export type UploadAccepted = z.infer<typeof uploadAcceptedSchema>;
