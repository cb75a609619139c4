import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<Readonly<Record<string, unknown>>>();

/**
 * Runs `fn` with `fields` (e.g. `{ requestId }`) added to every line that a `createLogger` logger
 * writes inside it, including from code that only holds the process-wide logger.
 */
export function runWithLogFields<T>(fields: Record<string, unknown>, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

/** The fields of the enclosing `runWithLogFields`, if any. */
export function currentLogFields(): Readonly<Record<string, unknown>> | undefined {
  return storage.getStore();
}
