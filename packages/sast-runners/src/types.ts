import { findingSchema, severitySchema } from '@scanrelay/findings-schema';
import { z } from 'zod';

/** Every SAST provider a runner exists for; `patterns` is built in and needs no external tool. */
export const SAST_PROVIDERS = [
  'patterns',
  'semgrep',
  'njsscan',
  'trufflehog',
  'bandit',
  'shellcheck',
  'cppcheck',
  'flawfinder',
  'eslint',
  'secretlint',
] as const;
export const sastProviderSchema = z.enum(SAST_PROVIDERS);
export type SastProvider = z.infer<typeof sastProviderSchema>;

/** Findings per severity. */
export const severityCountsSchema = z.record(severitySchema, z.number().int().min(0));
export type SeverityCounts = z.infer<typeof severityCountsSchema>;

/** The outcome of one provider's scan of one repository at one commit. */
export const sastResultSchema = z.object({
  project: z.string().min(1),
  provider: sastProviderSchema,
  scanId: z.string().min(1),
  repoUrl: z.string().min(1),
  /** `git rev-parse HEAD` of the checkout that was scanned (absent when the checkout itself failed). */
  commitSha: z
    .string()
    .regex(/^[0-9a-f]{40}$/)
    .optional(),
  tool: z.object({ name: z.string().min(1), version: z.string().optional() }),
  startedAt: z.iso.datetime({ offset: true }),
  finishedAt: z.iso.datetime({ offset: true }),
  status: z.enum(['completed', 'failed']),
  /** Why a failed scan failed (never a credential). */
  error: z.string().optional(),
  counts: severityCountsSchema,
  verdict: z.enum(['pass', 'fail']),
  /** 0–100; see the README for the formula. */
  score: z.number().int().min(0).max(100),
  findings: z.array(findingSchema),
});
export type SastResult = z.infer<typeof sastResultSchema>;

/** Limits every external tool runs under. */
export interface ToolLimits {
  /** Killed (SIGKILL after SIGTERM) past this. */
  timeoutMs: number;
  /** Standard output kept at most; more is cut and reported as truncated. */
  maxOutputBytes: number;
  signal?: AbortSignal;
}

/** What `runTool` gives back: never throws for a non-zero exit, a timeout or a cap. */
export interface ToolOutput {
  exitCode: number | null;
  stdout: Buffer;
  /** The last few KiB of standard error, for the reason of a failure. */
  stderr: string;
  timedOut: boolean;
  truncated: boolean;
}

/** Whether a provider's tool is here, and which version. */
export interface ToolPresence {
  installed: boolean;
  version?: string;
  /** For `installed: false`: e.g. "bandit is not installed (not found on PATH)". */
  reason?: string;
}

/** One provider: finds its tool, runs it over a directory, parses its output into findings. */
export interface SastRunner {
  readonly provider: SastProvider;
  /** The tool's name as results show it, e.g. `Bandit`. */
  readonly toolName: string;
  detect(): Promise<ToolPresence>;
  /** Runs over `dir` (a checkout); throws `SastError` for a tool that failed or printed no report. */
  scan(
    dir: string,
    limits: ToolLimits,
  ): Promise<{
    tool: { name: string; version?: string };
    findings: import('@scanrelay/findings-schema').Finding[];
  }>;
}
