import {
  InvictiAbortError,
  InvictiAuthError,
  InvictiError,
  InvictiHttpError,
  InvictiTimeoutError,
  type RedactedRequest,
} from './invicti-error.js';
import type { Failure } from './transport.js';

export interface ErrorContext {
  request: RedactedRequest;
  /** The Basic-auth user id, named in 401/403 messages so a user knows which credential to check. */
  userId: string;
  attempts: number;
  signal?: AbortSignal;
}

/** Invicti's ASP.NET error bodies carry `{"Message": "…"}`; plugin endpoints `{"ErrorMessage": "…"}`. */
export function remoteMessageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { Message?: unknown; ErrorMessage?: unknown };
    const msg = typeof parsed?.Message === 'string' ? parsed.Message : parsed?.ErrorMessage;
    return typeof msg === 'string' && msg.trim() !== '' ? msg.trim().slice(0, 300) : undefined;
  } catch {
    return undefined;
  }
}

/** The error for a non-2xx answer. */
function errorFromStatus(
  status: number,
  ctx: ErrorContext,
  remoteMessage?: string,
  cause?: unknown,
): InvictiError {
  const { request } = ctx;
  const call = `${request.method} ${request.url}`;
  const remote = remoteMessage ? ` (Invicti says: ${remoteMessage})` : '';
  const tries = ctx.attempts > 1 ? ` after ${ctx.attempts} attempts` : '';
  const opts = { status, request, remoteMessage, cause };
  if (status === 401) {
    return new InvictiAuthError(
      'unauthorized',
      `Invicti rejected the credentials (401) for ${call}${remote}: check the user id "${ctx.userId}" and its API token (Invicti: Your Settings > API Settings)`,
      opts,
    );
  }
  if (status === 403) {
    return new InvictiAuthError(
      'forbidden',
      `Invicti refused ${call} (403) for user id "${ctx.userId}"${remote}: check that the API token belongs to this user and that the user's role allows this call`,
      opts,
    );
  }
  if (status === 404)
    return new InvictiHttpError(
      'not_found',
      `Invicti answered 404 for ${call}${remote}: check the id and the base URL`,
      // Permanent: an unknown scan stays unknown, so a job must not retry it.
      { ...opts, retryable: false },
    );
  if (status === 429) {
    return new InvictiHttpError('rate_limited', `Invicti rate-limited ${call} (429)${tries}${remote}`, {
      ...opts,
      retryable: true,
    });
  }
  if (status >= 500) {
    return new InvictiHttpError('server_error', `Invicti failed on ${call} (${status})${tries}${remote}`, {
      ...opts,
      retryable: true,
    });
  }
  if (status === 400)
    return new InvictiHttpError('bad_request', `Invicti refused ${call} (400)${remote}`, opts);
  return new InvictiHttpError('http_error', `Invicti answered ${status} for ${call}${remote}`, {
    ...opts,
    retryable: status === 408,
  });
}

/** Maps a transport's failure into an InvictiError; `body` is the error answer's text when read. */
export function describeFailure(failure: Failure, ctx: ErrorContext, body?: string): InvictiError {
  const { request } = ctx;
  const error = failure.cause;
  if (ctx.signal?.aborted) {
    return new InvictiAbortError(`${request.method} ${request.url} was aborted`, { request, cause: error });
  }
  if (failure.kind === 'status')
    return errorFromStatus(failure.answer.status, ctx, body ? remoteMessageOf(body) : undefined, error);
  if (failure.kind === 'timeout') {
    const tries = ctx.attempts > 1 ? ` (${ctx.attempts} attempts)` : '';
    return new InvictiTimeoutError(`${request.method} ${request.url} timed out${tries}`, {
      request,
      cause: error,
    });
  }
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const detail = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return new InvictiError(
    'network_error',
    `could not reach Invicti for ${request.method} ${request.url}: ${detail}`,
    {
      request,
      retryable: true,
      cause: error,
    },
  );
}

/** describeFailure, after reading an error answer's body for Invicti's `Message`. */
export async function toInvictiError(failure: Failure, ctx: ErrorContext): Promise<InvictiError> {
  const body = failure.kind === 'status' ? await failure.answer.text().catch(() => '') : undefined;
  return describeFailure(failure, ctx, body);
}
