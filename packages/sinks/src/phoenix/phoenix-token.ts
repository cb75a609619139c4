import { z } from 'zod';
import type { SinkHttp } from '../http/create-sink-http.js';
import { parseJsonResponse } from '../http/parse-json-response.js';

const tokenResponseSchema = z.object({
  token: z.string().min(1),
  /** Unix seconds. */
  expiry: z.number(),
});

/** Refresh this long before the expiry (or at half the lifetime of a shorter-lived token). */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface PhoenixTokens {
  /** A bearer token, fetched once and reused until shortly before it expires. */
  get(signal?: AbortSignal): Promise<string>;
  /** Forgets the cached token (after a 401). */
  invalidate(): void;
}

/** The token of `GET /v1/auth/access_token` (HTTP Basic client id and secret), cached. */
export function createPhoenixTokens(
  http: SinkHttp,
  cfg: { destination: string; clientId: string; clientSecret: string; now: () => number },
): PhoenixTokens {
  const basic = `Basic ${Buffer.from(`${cfg.clientId}:${cfg.clientSecret}`).toString('base64')}`;
  http.addSecret(cfg.clientSecret);
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(signal?: AbortSignal): Promise<string> {
    const request = 'GET /v1/auth/access_token';
    const res = await http.request({
      method: 'GET',
      path: '/v1/auth/access_token',
      headers: { authorization: basic },
      ...(signal ? { signal } : {}),
    });
    const body = parseJsonResponse(res, tokenResponseSchema, { destination: cfg.destination, request });
    http.addSecret(body.token);
    const now = cfg.now();
    const lifetime = Math.max(0, body.expiry * 1000 - now);
    cached = { token: body.token, refreshAt: now + lifetime - Math.min(REFRESH_MARGIN_MS, lifetime / 2) };
    return body.token;
  }

  return {
    get(signal) {
      if (cached && cfg.now() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
