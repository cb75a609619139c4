import { type InvictiClient, isInvictiError } from '@scanrelay/invicti-client';
import type { InvictiRunInterrupted } from './invicti-run-outcome.js';
import type { InvictiScanSettings } from './invicti-settings.js';
import { type RunMetadataInput, writeRunOutputs } from './write-run-outputs.js';

const CANCEL_TIMEOUT_MS = 15_000;

/** After the caller's signal aborted a wait: cancel the remote scan only when asked, and say which happened. */
export async function stopOnInterrupt(
  client: Pick<InvictiClient, 'cancelScan'>,
  settings: InvictiScanSettings,
  meta: Omit<RunMetadataInput, 'status'>,
  lastState: string,
): Promise<InvictiRunInterrupted> {
  const { scanId } = meta;
  const base = { kind: 'interrupted', scanId, phase: 'wait' } as const;
  if (!settings.cancelOnInterrupt) {
    const metadata = await writeRunOutputs(settings.outputDir, { ...meta, status: lastState }, undefined);
    return {
      ...base,
      cancelled: false,
      metadata,
      detail: `stopped waiting; Invicti scan ${scanId} was NOT cancelled and is still ${lastState} (pass --cancel-on-interrupt to cancel it)`,
    };
  }
  let answer: string;
  try {
    // The caller's signal is already aborted: the cancel gets its own time limit.
    answer = await client.cancelScan(scanId, { signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS) });
  } catch (e) {
    const metadata = await writeRunOutputs(settings.outputDir, { ...meta, status: lastState }, undefined);
    const why = isInvictiError(e) ? e.detail : (e as Error).message;
    return {
      ...base,
      cancelled: false,
      metadata,
      detail: `could not cancel Invicti scan ${scanId}, it may still be running: ${why}`,
    };
  }
  const cancelled = answer === 'Ok' || answer === 'ScanCancelled';
  const status = cancelled ? 'Cancelled' : lastState;
  const metadata = await writeRunOutputs(settings.outputDir, { ...meta, status }, undefined);
  return {
    ...base,
    cancelled,
    metadata,
    detail: cancelled
      ? `cancelled Invicti scan ${scanId} (Invicti answered ${answer})`
      : `asked Invicti to cancel scan ${scanId}; it answered ${answer}, so the scan was not cancelled`,
  };
}
