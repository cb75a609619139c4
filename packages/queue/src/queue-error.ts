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

/** The base error of `@scanrelay/queue`. Misuse of the API (bad arguments) throws `TypeError` instead. */
export class QueueError extends Error {
  readonly code: QueueErrorCode;

  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.startsWith('@scanrelay/queue') ? message : `@scanrelay/queue: ${message}`, options);
    this.name = 'QueueError';
    this.code = code;
  }
}

export function isQueueError(e: unknown): e is QueueError {
  return e instanceof QueueError;
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
