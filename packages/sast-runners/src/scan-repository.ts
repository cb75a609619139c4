import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '@scanrelay/findings-schema';
import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import { checkoutRepository } from './checkout/checkout-repository.js';
import { failedSastResult } from './failed-result.js';
import { getRunner, type RunnerOptions } from './runners/index.js';
import { isSastError } from './sast-error.js';
import {
  type SastProvider,
  type SastResult,
  type SastRunner,
  sastProviderSchema,
  sastResultSchema,
  type ToolLimits,
} from './types.js';
import { computeScore } from './verdict/compute-score.js';
import { countSeverities } from './verdict/count-severities.js';
import { decideVerdict, type VerdictPolicy } from './verdict/decide-verdict.js';

export interface ScanRepositoryOptions {
  project: string;
  provider: SastProvider;
  scanId: string;
  repoUrl: string;
  /** A branch, tag or 40-hex commit; the default branch when absent. */
  ref?: string;
  /** Which repository URLs are allowed; default from `SCANRELAY_ALLOW_PRIVATE_URLS`. */
  policy?: OutboundPolicy;
  /** When the verdict is `fail`; default: any critical finding. */
  verdictPolicy?: VerdictPolicy;
  /** The tool's limits; default 10 minutes and 64 MiB of output. */
  toolLimits?: Partial<Omit<ToolLimits, 'signal'>>;
  /** The checkout's limits; default 120 s and 256 MiB. */
  checkoutLimits?: { timeoutMs?: number; maxBytes?: number };
  /** The runner; default `getRunner(provider, runnerOptions)`. */
  runner?: SastRunner;
  runnerOptions?: RunnerOptions;
  /** Where the scan's own temporary directory is made (and deleted afterwards); default the OS's. */
  workDir?: string;
  signal?: AbortSignal;
  /** Host name resolution (tests); default the system's. */
  lookup?: ResolveOptions['lookup'];
}

const DEFAULT_TOOL_LIMITS = { timeoutMs: 10 * 60_000, maxOutputBytes: 64 * 1024 * 1024 };

/** The URL as a result may show it: never with credentials (such a URL is refused anyway). */
function displayUrl(repoUrl: string): string {
  if (!repoUrl) return '(none)';
  try {
    const url = new URL(repoUrl);
    if (!url.username && !url.password) return repoUrl;
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    return repoUrl.slice(0, 2048);
  }
}

/**
 * Scans one repository with one provider: a fresh temporary directory, a checkout at a provable
 * commit, the provider's tool, then counts, verdict and score. Never rejects for a failed scan:
 * a URL or ref refused, a checkout, tool or parse failure gives `status: "failed"` with the
 * reason in `error` (verdict `fail`, score 0, no findings). The temporary directory is deleted.
 * Throws `TypeError` only for an unknown provider or a missing project or scan id.
 */
export async function scanRepository(options: ScanRepositoryOptions): Promise<SastResult> {
  const parsedProvider = sastProviderSchema.safeParse(options.provider);
  if (!parsedProvider.success)
    throw new TypeError(`@scanrelay/sast-runners: unknown provider "${String(options.provider)}"`);
  if (!options.project || !options.scanId)
    throw new TypeError('@scanrelay/sast-runners: scanRepository needs a project and a scanId');
  const provider = parsedProvider.data;
  const runner = options.runner ?? getRunner(provider, options.runnerOptions);
  const startedAt = new Date().toISOString();
  const base = {
    project: options.project,
    provider,
    scanId: options.scanId,
    repoUrl: displayUrl(options.repoUrl),
  };
  let tool: SastResult['tool'] = { name: runner.toolName };
  let commitSha: string | undefined;
  let workDir: string | undefined;
  try {
    const presence = await runner.detect();
    if (presence.version) tool = { name: runner.toolName, version: presence.version };
    if (!presence.installed) return failed(presence.reason ?? `${runner.toolName} is not installed`);
    workDir = await mkdtemp(path.join(options.workDir ?? os.tmpdir(), 'scanrelay-sast-'));
    const checkout = await checkoutRepository({
      repoUrl: options.repoUrl,
      ref: options.ref,
      dir: path.join(workDir, 'repo'),
      policy: options.policy,
      ...options.checkoutLimits,
      signal: options.signal,
      lookup: options.lookup,
    });
    commitSha = checkout.commitSha;
    const limits = { ...DEFAULT_TOOL_LIMITS, ...options.toolLimits, signal: options.signal };
    const scanned = await runner.scan(checkout.dir, limits);
    tool = scanned.tool;
    return completed(scanned.findings);
  } catch (error) {
    return failed(isSastError(error) ? error.detail : `unexpected failure: ${(error as Error).message}`);
  } finally {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }

  function completed(findings: Finding[]): SastResult {
    const counts = countSeverities(findings);
    return sastResultSchema.parse({
      ...base,
      commitSha,
      tool,
      startedAt,
      finishedAt: new Date().toISOString(),
      status: 'completed',
      counts,
      verdict: decideVerdict(counts, options.verdictPolicy),
      score: computeScore(counts),
      findings,
    });
  }

  function failed(reason: string): SastResult {
    return failedSastResult({ ...base, commitSha, tool, startedAt }, reason);
  }
}
