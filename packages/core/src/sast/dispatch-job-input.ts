import { projectNameSchema } from '@scanrelay/findings-schema';
import { sastProviderSchema } from '@scanrelay/sast-runners';
import { z } from 'zod';

/** The job type of a `local` backend's scan: scanrelay's own worker runs the part 1 runner. */
export const SAST_SCAN_JOB_TYPE = 'sast-scan';

/**
 * A `sast-scan` job's input: the scan request a publish made, without the callback (the worker posts
 * to its own configured `sast.callbackUrl`). The job's id is the scan id.
 */
export const sastScanInputSchema = z.object({
  scanId: z.string().min(1).max(128),
  project: projectNameSchema,
  provider: sastProviderSchema,
  repoUrl: z.string().min(1).max(2048),
  ref: z.string().min(1).max(256).optional(),
});
export type SastScanInput = z.infer<typeof sastScanInputSchema>;
