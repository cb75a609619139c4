import * as z from 'zod';
import { findingsFormatSchema } from './findings-format.js';

const text = z.string().optional();

/**
 * The flags of `scanrelay invicti scan|issues` (or an Action's inputs), as text. Every one is optional:
 * the environment fills in what a flag leaves out (see resolveInvictiSettings).
 */
export const invictiFlagsSchema = z.object({
  /** `scan` or `issues`; without it, `SCB_ACTION` (Scan or Issues) decides. */
  action: z.enum(['scan', 'issues']).optional(),
  url: text,
  userId: text,
  apiToken: text,
  targetUri: text,
  profile: text,
  websiteId: text,
  policyId: text,
  baseScanId: text,
  scanId: text,
  fireAndForget: z.boolean().optional(),
  outputDir: text,
  format: text,
  timeout: text,
  pollInterval: text,
  cancelOnInterrupt: z.boolean().optional(),
  /** Fire-and-forget: register the launched scan with the scanrelay service (the CLI does the call). */
  register: z.boolean().optional(),
});
export type InvictiFlags = z.input<typeof invictiFlagsSchema>;

/** The environment as `process.env` holds it. */
export const invictiEnvSchema = z.record(z.string(), z.string().optional());
export type InvictiEnv = z.infer<typeof invictiEnvSchema>;

/** What a launch scans: a target with a profile, a new scan (URL and/or website), or an incremental one. */
export const scanTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), targetUri: z.string(), profileName: z.string() }),
  z.object({
    kind: z.literal('new'),
    targetUri: z.string().optional(),
    websiteId: z.string().optional(),
    policyId: z.string().optional(),
  }),
  z.object({ kind: z.literal('incremental'), baseScanId: z.string() }),
]);
export type ScanTarget = z.infer<typeof scanTargetSchema>;

const common = {
  baseUrl: z.string().min(1),
  userId: z.string().min(1),
  apiToken: z.string().min(1),
  /** Where the credentials came from, named in authentication errors. */
  credentialSource: z.string(),
  outputDir: z.string().min(1),
  format: findingsFormatSchema,
  fireAndForget: z.boolean(),
  timeoutMs: z.number().int().positive(),
  pollIntervalMs: z.number().int().positive(),
  cancelOnInterrupt: z.boolean(),
  /** `GITHUB_OUTPUT`: the file a GitHub Actions step reads its outputs from, when run there. */
  githubOutput: z.string().optional(),
  /**
   * Register the launched scan with the scanrelay service, which then fetches its results even if no
   * completion webhook arrives (fire-and-forget launches only; the caller makes the API call).
   */
  register: z.boolean().optional(),
};

/** Resolved settings of one run: `scan` (launch, then maybe wait) or `issues` (collect a finished scan). */
export const invictiSettingsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('scan'), ...common, target: scanTargetSchema }),
  z.object({ action: z.literal('issues'), ...common, scanId: z.string().min(1) }),
]);
export type InvictiSettings = z.infer<typeof invictiSettingsSchema>;
export type InvictiScanSettings = Extract<InvictiSettings, { action: 'scan' }>;
export type InvictiIssuesSettings = Extract<InvictiSettings, { action: 'issues' }>;
