/** Fixed-window counters kept in the database, so every replica shares one budget. */
export interface RateLimitRepository {
  /**
   * Takes `n` from the budget of `key` in the window that starts at `windowStart` (ISO) when the
   * count after it stays at most `limit`: answers that count, or undefined (nothing taken) when it
   * would pass the limit. Atomic across processes and replicas.
   */
  take(key: string, windowStart: string, n: number, limit: number): Promise<number | undefined>;
  /** Deletes the windows that started before `before` (ISO); returns how many. */
  purgeBefore(before: string): Promise<number>;
}
