import type { Store } from '@scanrelay/storage/types';
import { RateLimitedError } from '../core-error.js';

/** The budget every replica's publishes share. */
export const DISPATCH_RATE_KEY = 'sast-dispatch';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Takes `n` dispatches from this hour's budget, or throws RateLimitedError (nothing taken) with the
 * seconds until the hour ends.
 *
 * A fixed window per UTC hour, counted in the database (`store.rateLimits`), rather than a sliding
 * window or a token bucket: one row per hour, one atomic `take` per publish on SQLite and PostgreSQL
 * alike, shared by every replica, and a `Retry-After` a client can read as "the next hour". The price
 * is a burst of up to twice the limit across an hour boundary, which is acceptable for a limit whose
 * purpose is to keep runners and GitHub's quota from being flooded, not to shape traffic finely.
 */
export async function takeDispatchBudget(store: Store, now: Date, n: number, perHour: number): Promise<void> {
  if (n <= 0) return;
  const start = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const taken = await store.rateLimits.take(DISPATCH_RATE_KEY, new Date(start).toISOString(), n, perHour);
  if (taken !== undefined) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((start + HOUR_MS - now.getTime()) / 1000));
  throw new RateLimitedError(
    `at most ${perHour} SAST dispatches per hour (sast.dispatchesPerHour); ${n} more would pass it. Try again in ${retryAfterSeconds} s`,
    retryAfterSeconds,
  );
}
