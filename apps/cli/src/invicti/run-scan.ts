import path from 'node:path';
import type { InvictiClient, LaunchScanRequest, WaitResult } from '@scanrelay/invicti-client';
import { CliError, EXIT } from '../cli-error.js';
import type { InvictiConfig } from './invicti-config.js';
import { invictiFailure, isInvictiError } from './invicti-failure.js';
import { nodeHttpFetch } from './node-http-fetch.js';
import { createProgressPrinter } from './progress-printer.js';
import { type InterruptTrap, trapInterrupts } from './trap-interrupts.js';
import { noFindings, writeGitHubOutput, writeOutputs } from './write-outputs.js';

const say = (line: string) => process.stderr.write(`scanrelay: ${line}\n`);

/**
 * The client, imported on first use: a dynamic import of the package stays dynamic in the bundled CLI,
 * so no other command pays for loading it (static imports of packages are hoisted to the bundle's top).
 */
export async function clientFor(cfg: InvictiConfig): Promise<InvictiClient> {
  const { createInvictiClient } = await import('@scanrelay/invicti-client');
  return createInvictiClient({
    baseUrl: cfg.baseUrl,
    userId: cfg.userId,
    apiToken: cfg.apiToken,
    fetch: nodeHttpFetch,
    onRetry: (e) =>
      say(
        `retrying (attempt ${e.attempt + 1}): ${e.error.message.replace(/^@scanrelay\/invicti-client: /, '')}`,
      ),
  });
}

async function launchRequest(
  client: InvictiClient,
  cfg: InvictiConfig,
  signal: AbortSignal,
): Promise<LaunchScanRequest> {
  const t = cfg.target;
  if (!t) throw new TypeError('scan target missing');
  if (t.kind === 'incremental') return { baseScanId: t.baseScanId };
  if (t.kind === 'profile') return { targetUri: t.targetUri, profileName: t.profileName };
  let targetUri = t.targetUri;
  if (!targetUri && t.websiteId) {
    try {
      targetUri = (await client.getWebsite(t.websiteId, { signal })).RootUrl;
    } catch (e) {
      throw invictiFailure(e, cfg, 'lookup');
    }
  }
  return { targetUri: targetUri as string, policyId: t.policyId };
}

/**
 * `scanrelay invicti scan`: launch, print the scan id, and either stop there (fire-and-forget:
 * scan-metadata.json + an empty findings.json) or wait, fetch the issues and write the findings.
 */
export async function runInvictiScan(cfg: InvictiConfig): Promise<void> {
  const client = await clientFor(cfg);
  const trap = trapInterrupts();
  try {
    let launched: Awaited<ReturnType<InvictiClient['launchScan']>>;
    try {
      launched = await client.launchScan(await launchRequest(client, cfg, trap.signal), {
        signal: trap.signal,
      });
    } catch (e) {
      if (trap.received())
        throw new CliError(
          `${trap.received()}: interrupted while launching; Invicti may still have created the scan`,
          EXIT.interrupted,
        );
      throw invictiFailure(e, cfg, 'launch');
    }
    const scanId = launched.scan.Id;
    const meta = {
      scanId,
      target: launched.scan.TargetUrl ?? undefined,
      launchedAt: new Date().toISOString(),
    };
    process.stdout.write(`${scanId}\n`);
    await writeGitHubOutput(scanId);
    if (cfg.fireAndForget) {
      await writeOutputs(
        cfg.outputDir,
        { ...meta, status: 'Launched', mode: 'fire-and-forget' },
        { items: noFindings(), format: cfg.format },
      );
      say(
        `launched Invicti scan ${scanId} (${launched.scan.State}); not waiting (fire-and-forget). Metadata in ${path.join(cfg.outputDir, 'scan-metadata.json')}`,
      );
      return;
    }
    await waitAndCollect(client, cfg, scanId, { ...meta, mode: 'blocking' as const }, trap);
  } finally {
    trap.release();
  }
}

type Meta = { scanId: string; target?: string; launchedAt: string; mode: 'blocking' };

async function waitAndCollect(
  client: InvictiClient,
  cfg: InvictiConfig,
  scanId: string,
  meta: Meta,
  trap: InterruptTrap,
) {
  const progress = createProgressPrinter();
  let lastState = 'Launched';
  let result: WaitResult;
  try {
    result = await client.waitForCompletion(scanId, {
      signal: trap.signal,
      timeoutMs: cfg.timeoutMs,
      pollIntervalMs: cfg.pollIntervalMs,
      onProgress: (p) => {
        lastState = p.state;
        progress.update(p);
      },
    });
  } catch (e) {
    progress.end();
    if (trap.received()) return interrupted(client, cfg, scanId, meta, lastState, trap.received() as string);
    if (isInvictiError(e) && e.code === 'timeout') {
      await writeOutputs(cfg.outputDir, { ...meta, status: lastState }, undefined);
      throw new CliError(
        `Invicti scan ${scanId} did not finish within ${cfg.timeoutMs / 1000} s (last state ${lastState}); it was left running in Invicti`,
        EXIT.incomplete,
      );
    }
    await writeOutputs(cfg.outputDir, { ...meta, status: lastState }, undefined);
    throw invictiFailure(e, cfg, 'wait');
  }
  progress.end();
  const completedAt = new Date().toISOString();
  if (result.outcome !== 'complete') {
    const detail = await client.getScan(scanId).catch(() => undefined);
    const reason = detail?.FailureReasonDescription ?? detail?.FailureReasonString ?? undefined;
    await writeOutputs(cfg.outputDir, { ...meta, status: result.state, completedAt }, undefined);
    throw new CliError(
      `Invicti scan ${scanId} ended ${result.state}${reason ? `: ${reason}` : ''}`,
      EXIT.incomplete,
    );
  }
  try {
    const items = client.toFindings(client.listIssues(scanId, { signal: trap.signal }));
    const count = await writeOutputs(
      cfg.outputDir,
      { ...meta, status: result.state, completedAt },
      { items, format: cfg.format },
    );
    say(`Invicti scan ${scanId} Complete: ${count} findings in ${path.join(cfg.outputDir, 'findings.json')}`);
  } catch (e) {
    if (trap.received())
      throw new CliError(
        `${trap.received()}: interrupted while fetching the issues of the completed scan ${scanId}`,
        EXIT.interrupted,
      );
    await writeOutputs(cfg.outputDir, { ...meta, status: result.state, completedAt }, undefined);
    throw invictiFailure(e, cfg, 'issues');
  }
}

/** After SIGINT/SIGTERM: cancel the remote scan only when asked, say which happened, exit 130. */
async function interrupted(
  client: InvictiClient,
  cfg: InvictiConfig,
  scanId: string,
  meta: Meta,
  lastState: string,
  sig: string,
): Promise<never> {
  if (!cfg.cancelOnInterrupt) {
    await writeOutputs(cfg.outputDir, { ...meta, status: lastState }, undefined);
    throw new CliError(
      `${sig}: stopped waiting; Invicti scan ${scanId} was NOT cancelled and is still ${lastState} (pass --cancel-on-interrupt to cancel it)`,
      EXIT.interrupted,
    );
  }
  try {
    const answer = await client.cancelScan(scanId, { signal: AbortSignal.timeout(15_000) });
    const cancelled = answer === 'Ok' || answer === 'ScanCancelled';
    await writeOutputs(cfg.outputDir, { ...meta, status: cancelled ? 'Cancelled' : lastState }, undefined);
    throw new CliError(
      cancelled
        ? `${sig}: cancelled Invicti scan ${scanId} (Invicti answered ${answer})`
        : `${sig}: asked Invicti to cancel scan ${scanId}; it answered ${answer}, so the scan was not cancelled`,
      EXIT.interrupted,
    );
  } catch (e) {
    if (e instanceof CliError) throw e;
    await writeOutputs(cfg.outputDir, { ...meta, status: lastState }, undefined);
    throw new CliError(
      `${sig}: could not cancel Invicti scan ${scanId}, it may still be running: ${(e as Error).message}`,
      EXIT.interrupted,
    );
  }
}
