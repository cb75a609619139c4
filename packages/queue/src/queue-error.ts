/** Stable codes of the errors this package lets out. */
export type QueueErrorCode =
  /** The queue or consumer was closed before the call. */
  | 'QUEUE_CLOSED'
  /** Another worker took the job over: the lease expired before it was renewed. */
  | 'LEASE_LOST'
  /** The consumer closed before the handler finished and gave the job back. */
  | 'LEASE_RELEASED'
  /** The driver configuration is missing or wrong (no database, bad Redis URL). */
  | 'CONFIG'
  /** The backend (SQLite file, Redis) failed. */
  | 'BACKEND';

const PREFIX = '@scanrelay/queue: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/queue/error');

/**
 * The base error of `@scanrelay/queue`: `code` is stable, `detail` is the message without the package
 * prefix (for apps to show). Misuse of the API (bad arguments) throws `TypeError` instead.
 */
export class QueueError extends Error {
  readonly code: QueueErrorCode;
  readonly detail: string;

  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    const detail = message.startsWith(PREFIX) ? message.slice(PREFIX.length) : message;
    super(`${PREFIX}${detail}`, options);
    this.name = 'QueueError';
    this.code = code;
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a `QueueError`, also one thrown by another copy of this package. */
export function isQueueError(e: unknown): e is QueueError {
  return e instanceof QueueError || (typeof e === 'object' && e !== null && BRAND in e);
}

/** The message kept as a job's last error: the error's message, bounded in size. */
export function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/** Runs a backend call, turning what the database or Redis throws into `QueueError('BACKEND')`. */
export async function backendCall<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof QueueError || err instanceof TypeError) throw err;
    throw new QueueError('BACKEND', `${what} failed: ${errorMessage(err)}`, { cause: err });
  }
}
