import * as z from 'zod';
import { severityCountsSchema } from './severity.js';

export const SCAN_KINDS = ['dast', 'sast', 'sca', 'secrets', 'container', 'iac', 'upload'] as const;
export const scanKindSchema = z.enum(SCAN_KINDS);
export type ScanKind = z.infer<typeof scanKindSchema>;

export const SCAN_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled', 'timed_out'] as const;
export const scanStatusSchema = z.enum(SCAN_STATUSES);
export type ScanStatus = z.infer<typeof scanStatusSchema>;

export const TERMINAL_SCAN_STATUSES: ReadonlySet<ScanStatus> = new Set([
  'completed',
  'failed',
  'cancelled',
  'timed_out',
]);

export const verdictSchema = z.enum(['pass', 'fail']);
export type Verdict = z.infer<typeof verdictSchema>;

export const commitShaSchema = z
  .string()
  .regex(/^[0-9a-f]{40}$/, 'expected a 40-character lowercase hex commit sha');

export const scanSchema = z.object({
  id: z.uuid(),
  project: z.string().min(1),
  provider: z.string().min(1),
  kind: scanKindSchema,
  status: scanStatusSchema,
  externalId: z.string().min(1).optional(),
  commitSha: commitShaSchema.optional(),
  target: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  startedAt: z.iso.datetime({ offset: true }).optional(),
  completedAt: z.iso.datetime({ offset: true }).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
  counts: severityCountsSchema,
  verdict: verdictSchema.optional(),
  score: z.number().int().min(0).max(100).optional(),
});
export type Scan = z.infer<typeof scanSchema>;
