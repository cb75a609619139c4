import {
  createInvictiClient,
  type InvictiClient,
  type InvictiTransport,
  type RetryEvent,
} from '@scanrelay/invicti-client';
import type { InvictiSettings } from './invicti-settings.js';
import { nodeHttpFetch } from './node-http-fetch.js';

export interface RunClientOptions {
  /** Default nodeHttpFetch: a short-lived run should not wait on a connection pool's timers to exit. */
  fetch?: typeof globalThis.fetch;
  onRetry?: (event: RetryEvent) => void;
  /** Default `ky` (over `fetch`); `node-http` takes no fetch (see @scanrelay/invicti-client). */
  transport?: InvictiTransport;
}

/** The Invicti client for a run's settings. */
export function createRunClient(settings: InvictiSettings, opts: RunClientOptions = {}): InvictiClient {
  return createInvictiClient({
    baseUrl: settings.baseUrl,
    userId: settings.userId,
    apiToken: settings.apiToken,
    ...(opts.transport === 'node-http'
      ? { transport: 'node-http' as const }
      : { fetch: opts.fetch ?? nodeHttpFetch }),
    onRetry: opts.onRetry,
  });
}
