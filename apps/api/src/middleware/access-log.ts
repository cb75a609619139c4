import { type Logger, redactUrlSecrets } from '@scanrelay/core';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { RequestIdEnv } from './request-id.js';

/**
 * One `info` line per request once its answer is ready: method, path (query secrets such as
 * `?token=` redacted), status, duration in ms, request id, and the tenant when a key authenticated.
 * For streams (SSE, WebSocket) the duration ends when the stream starts.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv & RequestIdEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const url = new URL(c.req.url);
      logger.info('request', {
        method: c.req.method,
        path: redactUrlSecrets(url.pathname + url.search),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        requestId: c.get('requestId'),
        tenant: c.get('principal')?.tenant.name,
      });
    }
  };
}
