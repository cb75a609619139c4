import { createHmac, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCANRELAY_SIGNATURE_HEADER, signRequest } from '@scanrelay/hmac-webhooks';
import {
  createOutboundLookup,
  isOutboundError,
  type OutboundPolicy,
  postToCheckedAddress,
  type ResolveOptions,
  resolveOutboundUrl,
} from '@scanrelay/outbound';
import type { DsseEnvelope } from '../attest/dsse.js';
import type { SastResult } from '../types.js';
import { CallbackError } from './callback-error.js';

export interface CallbackRetry {
  /** Requests at most, the first included. Default 6. */
  maxAttempts?: number;
  /** First backoff ceiling, doubled each retry (full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff. Default 30 s. */
  maxDelayMs?: number;
  /** Cap of a receiver's `Retry-After`. Default 5 minutes. */
  maxRetryAfterMs?: number;
}

export interface PostCallbackOptions {
  /** Where the result goes; must pass the outbound rules of `policy`. */
  url: string;
  /** The shared secret, or several during a rotation (one signature each). */
  secret: string | readonly string[];
  result: SastResult;
  /** Sent as the body's `attestation` field when given. */
  attestation?: DsseEnvelope;
  /** Default: https and public addresses only. */
  policy?: OutboundPolicy;
  /** How the host name is resolved for the URL check (tests); connections always check their address. */
  lookup?: ResolveOptions['lookup'];
  retry?: CallbackRetry;
  /** Limit of one request. Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Also list `<hex hmac-sha256 of the body>` in `x-webhook-signature` (the note's receivers). Default true. */
  bodySignature?: boolean;
  /** For the backoff jitter; default Math.random. */
  random?: () => number;
}

export interface CallbackDelivery {
  /** `x-webhook-id`, the same on every attempt. */
  deliveryId: string;
  /** Requests sent, the successful one included. */
  attempts: number;
  /** The receiver's 2xx status. */
  status: number;
  /** The exact bytes posted (and signed). */
  body: Uint8Array;
}

/** The callback body: the result, and its attestation when there is one. Serialised once. */
export function callbackBody(result: SastResult, attestation?: DsseEnvelope): Uint8Array {
  const payload = attestation === undefined ? result : { ...result, attestation };
  return Buffer.from(JSON.stringify(payload), 'utf8');
}

const isRetryable = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * POSTs a scan result (a failed one too: `status: failed` with its reason) to a callback URL, signed with
 * the scanrelay scheme (`x-webhook-id`, `x-webhook-timestamp`, `x-webhook-signature: hmac-sha256=<hex>`
 * over `<id>.<timestamp>.<body>`), and by default the bare hex HMAC-SHA256 of the body as a further
 * entry of `x-webhook-signature`. The body bytes are serialised once: the bytes posted are the bytes
 * signed, on every attempt. 408, 425, 429, 5xx, network errors and timeouts are retried with
 * exponential backoff and full jitter (or the receiver's `Retry-After`), under the same delivery id
 * and a fresh timestamp. Redirects are not followed. Throws `CallbackError`.
 */
export async function postCallback(options: PostCallbackOptions): Promise<CallbackDelivery> {
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...options.secret];
  if (secrets.length === 0 || secrets.some((s) => s.length === 0))
    throw new TypeError('@scanrelay/sast-runners: postCallback() needs a non-empty callback secret');
  const policy = options.policy ?? {};
  const maxAttempts = options.retry?.maxAttempts ?? 6;
  const baseDelayMs = options.retry?.baseDelayMs ?? 500;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 300_000;
  const random = options.random ?? Math.random;
  const { signal } = options;

  let url: URL;
  try {
    url = (await resolveOutboundUrl(options.url, policy, { lookup: options.lookup })).url;
  } catch (cause) {
    if (!isOutboundError(cause)) throw cause;
    throw new CallbackError('url_refused', `the callback URL is refused: ${cause.message}`, {
      attempts: 0,
      cause,
    });
  }
  const receiver = url.origin;
  const body = callbackBody(options.result, options.attestation);
  const deliveryId = `msg_${randomBytes(16).toString('hex')}`;
  const bodyHexes = secrets.map((s) => createHmac('sha256', s).update(body).digest('hex'));
  const lookup = createOutboundLookup(policy);
  const aborted = (attempts: number, cause?: unknown) =>
    new CallbackError('aborted', `the callback to ${receiver} was cancelled`, {
      attempts,
      deliveryId,
      cause,
    });

  let lastStatus: number | undefined;
  let lastProblem = '';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (signal?.aborted) throw aborted(attempt - 1);
    const signed = signRequest({ scheme: 'scanrelay', secret: secrets, body, id: deliveryId });
    const headers = { ...signed.headers };
    if (options.bodySignature !== false) {
      headers[SCANRELAY_SIGNATURE_HEADER] = [headers[SCANRELAY_SIGNATURE_HEADER], ...bodyHexes].join(' ');
    }
    let wait: number | undefined;
    try {
      const answer = await postToCheckedAddress(url, headers, signed.body, {
        timeoutMs: options.timeoutMs ?? 30_000,
        lookup,
        signal,
      });
      lastStatus = answer.status;
      if (answer.status >= 200 && answer.status < 300)
        return { deliveryId, attempts: attempt, status: answer.status, body };
      if (!isRetryable(answer.status)) {
        throw new CallbackError(
          'rejected',
          `the callback receiver ${receiver} answered ${answer.status}; not retried`,
          { status: answer.status, attempts: attempt, deliveryId },
        );
      }
      lastProblem = `answered ${answer.status}`;
      const after = retryAfterMs(answer.retryAfter);
      if (after !== undefined) wait = Math.min(after, maxRetryAfterMs);
    } catch (cause) {
      if (cause instanceof CallbackError) throw cause;
      if (signal?.aborted) throw aborted(attempt, cause);
      if (isOutboundError(cause)) {
        throw new CallbackError('url_refused', `the callback URL is refused: ${cause.message}`, {
          attempts: attempt,
          deliveryId,
          cause,
        });
      }
      lastProblem = `failed: ${(cause as Error).message}`;
    }
    if (attempt === maxAttempts) break;
    const delay = wait ?? Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    try {
      await sleep(delay, undefined, { signal });
    } catch (cause) {
      throw aborted(attempt, cause);
    }
  }
  throw new CallbackError(
    'gave_up',
    `the callback to ${receiver} failed ${maxAttempts} times; the last attempt ${lastProblem}`,
    { ...(lastStatus === undefined ? {} : { status: lastStatus }), attempts: maxAttempts, deliveryId },
  );
}
