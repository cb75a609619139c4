import type { summaries } from '../schema/sqlite.js';

/**
 * A cached summary (the seed's KV entries). `provider` absent: the per-project summary (stored as
 * an empty provider).
 */
export type Summary<T = unknown> = Omit<typeof summaries.$inferSelect, 'provider' | 'value'> & {
  provider?: string;
  value: T;
};

export interface SummaryKey {
  tenantId: string;
  projectId: string;
  provider?: string;
}

export interface SummaryRepository {
  /** `ttlMs` default 365 days, counted from `now` (default the clock). */
  put<T>(key: SummaryKey, value: T, ttlMs?: number, now?: Date): Promise<Summary<T>>;
  /** Undefined when absent or expired at `now` (default the clock). */
  get<T>(key: SummaryKey, now?: Date): Promise<Summary<T> | undefined>;
  /** Per-provider summaries of a project unexpired at `now` (default the clock). */
  listForProject<T>(tenantId: string, projectId: string, now?: Date): Promise<Summary<T>[]>;
  purgeExpired(now?: Date): Promise<number>;
}
