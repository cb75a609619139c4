import { type BackoffSettings, defaultBackoff } from './backoff.js';
import type { ConsumeOptions, EnqueueOptions } from './types.js';

/** BullMQ keeps priorities in 0..2^21; ours are shifted by 2^20 so that 0 is the middle. */
export const PRIORITY_MIN = -(2 ** 20) + 1;
export const PRIORITY_MAX = 2 ** 20;

const queueNamePattern = /^[A-Za-z0-9_.-]{1,128}$/;

/** Queue names are plain words (BullMQ forbids ':' and uses the name in Redis keys). */
export function checkQueueName(queue: string): void {
  if (typeof queue !== 'string' || !queueNamePattern.test(queue)) {
    throw new TypeError(
      `@scanrelay/queue: expected a queue name of 1-128 letters, digits, '_', '.' or '-', got ${JSON.stringify(queue)}`,
    );
  }
}

export interface ResolvedEnqueueOptions {
  jobId?: string;
  delayMs: number;
  priority: number;
  maxAttempts: number;
}

export function resolveEnqueueOptions(name: string, opts: EnqueueOptions = {}): ResolvedEnqueueOptions {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw new TypeError(
      `@scanrelay/queue: expected a job name of 1-200 characters, got ${JSON.stringify(name)}`,
    );
  }
  const { jobId, delayMs = 0, priority = 0, maxAttempts = 5 } = opts;
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 256)) {
    throw new TypeError(
      `@scanrelay/queue: expected jobId to be a string of 1-256 characters, got ${String(jobId)}`,
    );
  }
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new TypeError(`@scanrelay/queue: expected delayMs >= 0, got ${delayMs}`);
  }
  if (!Number.isInteger(priority) || priority < PRIORITY_MIN || priority > PRIORITY_MAX) {
    throw new TypeError(
      `@scanrelay/queue: expected priority to be an integer in ${PRIORITY_MIN}..${PRIORITY_MAX}, got ${priority}`,
    );
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(`@scanrelay/queue: expected maxAttempts to be an integer >= 1, got ${maxAttempts}`);
  }
  return { jobId, delayMs: Math.round(delayMs), priority, maxAttempts };
}

export interface ResolvedConsumeOptions {
  concurrency: number;
  leaseMs: number;
  backoff: BackoffSettings;
  rateLimit?: { max: number; perMs: number };
  pollMs: number;
}

function positiveInt(what: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new TypeError(`@scanrelay/queue: expected ${what} to be an integer >= ${min}, got ${value}`);
  }
  return value;
}

export function resolveConsumeOptions(opts: ConsumeOptions = {}): ResolvedConsumeOptions {
  const backoff = opts.backoff ?? defaultBackoff;
  if (!(backoff.baseMs >= 0) || !(backoff.maxMs >= backoff.baseMs)) {
    throw new TypeError(
      `@scanrelay/queue: expected backoff with 0 <= baseMs <= maxMs, got ${backoff.baseMs} and ${backoff.maxMs}`,
    );
  }
  const rateLimit = opts.rateLimit
    ? {
        max: positiveInt('rateLimit.max', opts.rateLimit.max),
        perMs: positiveInt('rateLimit.perMs', opts.rateLimit.perMs),
      }
    : undefined;
  return {
    concurrency: positiveInt('concurrency', opts.concurrency ?? 1),
    leaseMs: positiveInt('leaseMs', opts.leaseMs ?? 30_000, 30),
    backoff,
    rateLimit,
    pollMs: positiveInt('pollMs', opts.pollMs ?? 200),
  };
}

/** Serialises job data; `undefined` becomes `null` so every job carries JSON. */
export function toJson(data: unknown): string {
  const text = JSON.stringify(data ?? null);
  if (text === undefined) throw new TypeError('@scanrelay/queue: expected JSON-serialisable job data');
  return text;
}
