import * as z from 'zod/mini';
import { findingsFormatSchema } from './findings-format.js';

const text = z.optional(z.string());
const flag = z.optional(z.boolean());
const required = z.string().check(z.minLength(1));

/**
 * The flags of `scanrelay invicti scan|issues` (or an Action's inputs), as text. Every one is optional:
 * the environment fills in what a flag leaves out (see resolveInvictiSettings).
 */
export const invictiFlagsSchema = z.object({
  /** `scan` or `issues`; without it, `SCB_ACTION` (Scan or Issues) decides. */
  action: z.optional(z.enum(['scan', 'issues'])),
  url: text,
  userId: text,
  apiToken: text,
  targetUri: text,
  profile: text,
  websiteId: text,
  policyId: text,
  baseScanId: text,
  scanId: text,
  fireAndForget: flag,
  outputDir: text,
  format: text,
  timeout: text,
  pollInterval: text,
  cancelOnInterrupt: flag,
  /** Fire-and-forget: register the launched scan with the scanrelay service (the CLI does the call). */
  register: flag,
});
export type InvictiFlags = z.input<typeof invictiFlagsSchema>;

/** The environment as `process.env` holds it. */
export const invictiEnvSchema = z.record(z.string(), z.optional(z.string()));
export type InvictiEnv = z.infer<typeof invictiEnvSchema>;

/** What a launch scans: a target with a profile, a new scan (URL and/or website), or an incremental one. */
export const scanTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profile'), targetUri: z.string(), profileName: z.string() }),
  z.object({
    kind: z.literal('new'),
    targetUri: z.optional(z.string()),
    websiteId: z.optional(z.string()),
    policyId: z.optional(z.string()),
  }),
  z.object({ kind: z.literal('incremental'), baseScanId: z.string() }),
]);
export type ScanTarget = z.infer<typeof scanTargetSchema>;

const common = {
  baseUrl: required,
  userId: required,
  apiToken: required,
  /** Where the credentials came from, named in authentication errors. */
  credentialSource: z.string(),
  outputDir: required,
  format: findingsFormatSchema,
  fireAndForget: z.boolean(),
  timeoutMs: z.number().check(z.int(), z.positive()),
  pollIntervalMs: z.number().check(z.int(), z.positive()),
  cancelOnInterrupt: z.boolean(),
  /** `GITHUB_OUTPUT`: the file a GitHub Actions step reads its outputs from, when run there. */
  githubOutput: z.optional(z.string()),
  /**
   * Register the launched scan with the scanrelay service, which then fetches its results even if no
   * completion webhook arrives (fire-and-forget launches only; the caller makes the API call).
   */
  register: flag,
};

/** Resolved settings of one run: `scan` (launch, then maybe wait) or `issues` (collect a finished scan). */
export const invictiSettingsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('scan'), ...common, target: scanTargetSchema }),
  z.object({ action: z.literal('issues'), ...common, scanId: required }),
]);
export type InvictiSettings = z.infer<typeof invictiSettingsSchema>;
export type InvictiScanSettings = Extract<InvictiSettings, { action: 'scan' }>;
export type InvictiIssuesSettings = Extract<InvictiSettings, { action: 'issues' }>;
