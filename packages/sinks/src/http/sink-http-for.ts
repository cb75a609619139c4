import type { SinkDeps } from '../create-sink.js';
import { createSinkHttp, type SinkHttp } from './create-sink-http.js';

/** The request core of one destination, with the host's hooks (sleep, random, clock, log) passed on. */
export function sinkHttpFor(
  config: { name: string; timeoutMs: number; attempts: number },
  deps: SinkDeps,
  options: { baseUrl: string; secrets: string[]; userAgent: string },
): SinkHttp {
  return createSinkHttp({
    destination: config.name,
    baseUrl: options.baseUrl,
    outbound: deps.outbound,
    timeoutMs: config.timeoutMs,
    attempts: config.attempts,
    secrets: options.secrets,
    userAgent: options.userAgent,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
}

/**
 * A destination that is one endpoint URL: its path goes in each request (errors name it), its query
 * (which may carry a key) only in the query, never in a message.
 */
export function endpointOf(url: string): { origin: string; path: string; query: Record<string, string> } {
  const target = new URL(url);
  return { origin: target.origin, path: target.pathname, query: Object.fromEntries(target.searchParams) };
}
