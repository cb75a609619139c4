import type { ApiKeyScope } from '@scanrelay/storage';
import type { MiddlewareHandler } from 'hono';
import type { ApiServices, AppEnv } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function readApiKey(headers: Headers): string | undefined {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1];
  }
  return headers.get('x-api-key')?.trim() || undefined;
}

/** `admin` holds every scope. */
export function hasScope(scopes: readonly ApiKeyScope[], scope: ApiKeyScope): boolean {
  return scopes.includes(scope) || scopes.includes('admin');
}

/**
 * Authenticates the API key and requires `scope`: 401 without a valid key, 403 without the scope.
 * Sets `principal` (tenant and scopes) for the route.
 */
export function requireScope(services: ApiServices, scope: ApiKeyScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = readApiKey(c.req.raw.headers);
    if (!key)
      throw new ApiProblem('UNAUTHORIZED', 'send an API key as "Authorization: Bearer <key>" or "X-API-Key"');
    const auth = await services.store.apiKeys.authenticate(key);
    if (!auth) throw new ApiProblem('UNAUTHORIZED', 'the API key is unknown or revoked');
    if (!hasScope(auth.scopes, scope)) {
      throw new ApiProblem(
        'FORBIDDEN',
        `this API key lacks the "${scope}" scope (it has: ${auth.scopes.join(', ') || 'none'})`,
      );
    }
    c.set('principal', {
      tenant: auth.tenant,
      keyId: auth.apiKey.id,
      keyPrefix: auth.apiKey.prefix,
      scopes: auth.scopes,
    });
    await next();
  };
}
