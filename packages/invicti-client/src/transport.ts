import type { RetryPolicy } from './retry.js';

/**
 * What the requester needs from a transport (ky, or node:http for a short-lived launch): an answer
 * or a failure per call, retries included. The rules (retries, backoff, redirects, error mapping,
 * validation) live outside the transports, in one place each; see request.ts.
 */

/** An HTTP answer, whatever the transport. */
export interface Answer {
  status: number;
  /** A response header, or null. */
  header(name: string): string | null;
  /** The body as text; read once. */
  text(): Promise<string>;
  /** Frees the connection when the body is not wanted. */
  discard(): void;
}

/** Why a call's last attempt failed. */
export type Failure =
  /** A non-2xx answer (redirects included). */
  | { kind: 'status'; answer: Answer; cause?: unknown }
  /** No answer within the per-attempt timeout. */
  | { kind: 'timeout'; cause: unknown }
  /** No answer: a network error, or an abort (`cause` is fetch's `TypeError` with the socket error as its cause). */
  | { kind: 'network'; cause: unknown };

export type Attempted = { answer: Answer; failure?: undefined } | { failure: Failure; answer?: undefined };

/** One call as a transport sees it: the headers (auth, accept, user agent) are the transport's. */
export interface Call {
  method: 'GET' | 'POST';
  json?: unknown;
  signal?: AbortSignal;
  /** False for calls that must not run twice (see isRetryable). */
  idempotent: boolean;
  /** Before each retry, after its delay: the failure retried and the retry's number (1, 2, …). */
  onRetry(failure: Failure, retryCount: number): void;
}

/** Sends a call to `target`, retrying by the shared rules; never rejects. */
export type Send = (target: URL, call: Call) => Promise<Attempted>;

export interface TransportConfig {
  /** Per attempt, until the answer's headers arrive (as ky's timeout). */
  timeoutMs: number;
  /** Sent with every call: Basic auth, accept, user agent. */
  headers: Record<string, string>;
  retry?: RetryPolicy;
}
