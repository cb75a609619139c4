import { createInvictiClient, type InvictiClient, type RetryEvent } from '@scanrelay/invicti-client';
import type { InvictiSettings } from './invicti-settings.js';
import { nodeHttpFetch } from './node-http-fetch.js';

export interface RunClientOptions {
  /** Default nodeHttpFetch: a short-lived run should not wait on a connection pool's timers to exit. */
  fetch?: typeof globalThis.fetch;
  onRetry?: (event: RetryEvent) => void;
}

/** The Invicti client for a run's settings. */
export function createRunClient(settings: InvictiSettings, opts: RunClientOptions = {}): InvictiClient {
  return createInvictiClient({
    baseUrl: settings.baseUrl,
    userId: settings.userId,
    apiToken: settings.apiToken,
    fetch: opts.fetch ?? nodeHttpFetch,
    onRetry: opts.onRetry,
  });
}
