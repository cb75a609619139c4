import { importTypeSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { SAST_SCAN_JOB_TYPE } from '../sast/dispatch-job-input.js';

/**
 * The contract between the API, which creates jobs, and the worker, which runs them (apps never import
 * each other, so it lives here). The queue message carries only the job id; the job's parameters are
 * the stored job's `input`.
 */
export const JOB_TYPES = {
  processUpload: 'process-upload',
  fetchInvictiIssues: 'fetch-invicti-issues',
  /** Input: `sastScanInputSchema` (in sast/dispatch-job-input.ts, beside the dispatch that writes it). */
  sastScan: SAST_SCAN_JOB_TYPE,
} as const;

export const queueMessageSchema = z.object({ jobId: z.string().min(1) });
export type QueueMessage = z.infer<typeof queueMessageSchema>;

export const processUploadInputSchema = z.object({
  /** File name under `<dataDir>/uploads`. */
  upload: z.string().regex(/^[0-9a-f-]{36}\.upload$/),
  bytes: z.number().int().nonnegative(),
  filename: z.string().optional(),
  scanner: z.string().min(1),
  project: z.string().min(1),
  assessment: z.string().optional(),
  assetType: z.string().optional(),
  importType: importTypeSchema,
  /** Destination names the upload chose (absent: the service's defaults). */
  destinations: z.array(z.string().min(1)).optional(),
  /** The destinations as the API resolved them (with the upload's credentials); absent: resolved by the worker. */
  forwards: z
    .array(
      z.object({
        name: z.string().min(1),
        kind: z.enum(['phoenix', 'securecodebox', 'defectdojo', 'webhook']),
        needsReport: z.boolean(),
      }),
    )
    .optional(),
  /** The upload's credential overrides, AES-256-GCM sealed; dropped once the forwards hold them. */
  sealedCredentials: z.string().min(1).optional(),
});
export type ProcessUploadInput = z.infer<typeof processUploadInputSchema>;

export const fetchInvictiIssuesInputSchema = z.object({
  /** The Invicti scan id. */
  scanId: z.string().min(1),
  project: z.string().min(1),
  deliveryId: z.string().optional(),
});
export type FetchInvictiIssuesInput = z.infer<typeof fetchInvictiIssuesInputSchema>;
