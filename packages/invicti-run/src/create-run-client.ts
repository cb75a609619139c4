import { createInvictiClient, type InvictiClient, type RetryEvent } from '@scanrelay/invicti-client';
import type { InvictiSettings } from './invicti-settings.js';

export interface RunClientOptions {
  /**
   * The fetch the client uses, through ky. Without one the client sends over node:http straight (its
   * `node-http` transport): a run is a short-lived process, which should neither load Node's fetch
   * classes (about one Node start-up) nor wait on a connection pool's timers to exit.
   */
  fetch?: typeof globalThis.fetch;
  onRetry?: (event: RetryEvent) => void;
}

/** The Invicti client for a run's settings. */
export function createRunClient(settings: InvictiSettings, opts: RunClientOptions = {}): InvictiClient {
  return createInvictiClient({
    baseUrl: settings.baseUrl,
    userId: settings.userId,
    apiToken: settings.apiToken,
    ...(opts.fetch ? { fetch: opts.fetch } : { transport: 'node-http' as const }),
    onRetry: opts.onRetry,
  });
}
