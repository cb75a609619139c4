import { problemSchema } from '@scanrelay/api-schema';
import { HTTPError } from 'ky';
import { ClientError } from './client-error.js';

/** `Retry-After` in seconds: delay-seconds, or an HTTP date from now; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text);
  // An HTTP-date always ends in GMT; Date.parse alone would read "-5" as a year.
  if (!text.endsWith(' GMT')) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Any failure of a request (ky's HTTPError with a problem+json body, a timeout, a socket error) as a ClientError. */
export async function toClientError(err: unknown): Promise<ClientError> {
  if (err instanceof ClientError) return err;
  if (err instanceof HTTPError) {
    const res = err.response;
    const body = await res.json().catch(() => undefined);
    // Partial: whatever fields of a problem came are used; a proxy's HTML page gives none.
    const p = problemSchema.partial().safeParse(body);
    const problem = p.success ? p.data : {};
    const code = problem.code ?? `http_${res.status}`;
    const detail = problem.detail ?? problem.title ?? res.statusText;
    return new ClientError(code, `${res.status} ${detail}`, {
      status: res.status,
      detail,
      errors: problem.errors,
      retryable: res.status === 429 || res.status >= 500,
      retryAfter: retryAfterSeconds(res.headers.get('retry-after')),
      cause: err,
    });
  }
  const e = err as Error;
  if (e?.name === 'AbortError') return new ClientError('aborted', 'the request was aborted', { cause: err });
  if (e?.name === 'TimeoutError')
    return new ClientError('timeout', 'the request timed out', { retryable: true, cause: err });
  return new ClientError('network_error', `cannot reach the scanrelay API: ${e?.message ?? String(err)}`, {
    retryable: true,
    cause: err,
  });
}
