import type { RetryEvent, ScanTask, WaitProgress } from '@scanrelay/invicti-client';

/** What a caller (the CLI, the GitHub Action) hooks into a run; nothing here prints. */
export interface RunInvictiOptions {
  /** Aborting it interrupts the run: the outcome is `interrupted` (the scan is cancelled if the settings say so). */
  signal?: AbortSignal;
  /** Right after the launch, before any wait: e.g. to print the scan id at once. */
  onLaunched?: (scan: ScanTask) => void;
  /** Each status poll of a blocking wait. */
  onProgress?: (progress: WaitProgress) => void;
  /** Each retried request. */
  onRetry?: (event: RetryEvent) => void;
  /** The fetch the client uses (through ky); without one it sends over node:http straight (see createRunClient). */
  fetch?: typeof globalThis.fetch;
}
