import { z } from 'zod';

/** The 202 of `POST /api/v1/scans/{id}/refetch`: `queued` false when the fetch was already queued or running. */
export const scanRefetchSchema = z
  .object({ scanId: z.string(), jobId: z.string(), queued: z.boolean() })
  .meta({ id: 'ScanRefetch' });
export type ScanRefetch = z.infer<typeof scanRefetchSchema>;
