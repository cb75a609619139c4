import path from 'node:path';
import {
  type InvictiClient,
  isInvictiError,
  type ScanTask,
  type WaitResult,
} from '@scanrelay/invicti-client';
import { collectInvictiFindings } from './collect-invicti-findings.js';
import { invictiFailure } from './invicti-failure.js';
import type { InvictiRunOutcome } from './invicti-run-outcome.js';
import type { InvictiScanSettings } from './invicti-settings.js';
import type { RunInvictiOptions } from './run-options.js';
import { stopOnInterrupt } from './stop-on-interrupt.js';
import { FINDINGS_FILE, METADATA_FILE, type RunMetadataInput, writeRunOutputs } from './write-run-outputs.js';

type Meta = Omit<RunMetadataInput, 'status'>;

/** Blocking mode after the launch: wait for a terminal state, then fetch the issues and write the findings. */
export async function waitAndCollect(
  client: InvictiClient,
  settings: InvictiScanSettings,
  scan: ScanTask,
  meta: Meta,
  options: RunInvictiOptions,
): Promise<InvictiRunOutcome> {
  const { scanId } = meta;
  const { outputDir } = settings;
  const metadataFile = path.join(outputDir, METADATA_FILE);
  let lastState = 'Launched';
  let result: WaitResult;
  try {
    result = await client.waitForCompletion(scanId, {
      signal: options.signal,
      timeoutMs: settings.timeoutMs,
      pollIntervalMs: settings.pollIntervalMs,
      onProgress: (p) => {
        lastState = p.state;
        options.onProgress?.(p);
      },
    });
  } catch (e) {
    if (options.signal?.aborted) return stopOnInterrupt(client, settings, meta, lastState);
    const metadata = await writeRunOutputs(outputDir, { ...meta, status: lastState }, undefined);
    const files = { metadataFile };
    if (isInvictiError(e) && e.code === 'timeout')
      return {
        kind: 'incomplete',
        scanId,
        reason: 'timeout',
        state: lastState,
        metadata,
        files,
        detail: `Invicti scan ${scanId} did not finish within ${settings.timeoutMs / 1000} s (last state ${lastState}); it was left running in Invicti`,
      };
    const detail = invictiFailure(e, 'wait', settings.credentialSource);
    return {
      kind: 'incomplete',
      scanId,
      reason: 'error',
      state: lastState,
      metadata,
      files,
      detail,
      error: e,
    };
  }
  const completedAt = new Date().toISOString();
  if (result.outcome !== 'complete') {
    const detail = await client.getScan(scanId).catch(() => undefined);
    const reason = detail?.FailureReasonDescription ?? detail?.FailureReasonString ?? undefined;
    const metadata = await writeRunOutputs(
      outputDir,
      { ...meta, status: result.state, completedAt },
      undefined,
    );
    return {
      kind: 'incomplete',
      scanId,
      reason: result.outcome,
      state: result.state,
      metadata,
      files: { metadataFile },
      detail: `Invicti scan ${scanId} ended ${result.state}${reason ? `: ${reason}` : ''}`,
    };
  }
  const done = { ...meta, status: result.state, completedAt };
  try {
    const items = collectInvictiFindings(client, scanId, { signal: options.signal });
    const metadata = await writeRunOutputs(outputDir, done, { items, format: settings.format });
    return {
      kind: 'completed',
      scanId,
      scan,
      metadata,
      findingsCount: metadata.findingsCount ?? 0,
      files: { metadataFile, findingsFile: path.join(outputDir, FINDINGS_FILE) },
    };
  } catch (e) {
    if (options.signal?.aborted)
      return {
        kind: 'interrupted',
        scanId,
        phase: 'issues',
        cancelled: false,
        detail: `interrupted while fetching the issues of the completed scan ${scanId}`,
      };
    const metadata = await writeRunOutputs(outputDir, done, undefined);
    const detail = invictiFailure(e, 'issues', settings.credentialSource);
    return {
      kind: 'incomplete',
      scanId,
      reason: 'error',
      state: result.state,
      metadata,
      files: { metadataFile },
      detail,
      error: e,
    };
  }
}
