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
  /** `ttlMs` default 365 days. */
  put<T>(key: SummaryKey, value: T, ttlMs?: number): Promise<Summary<T>>;
  /** Undefined when absent or expired. */
  get<T>(key: SummaryKey): Promise<Summary<T> | undefined>;
  /** Unexpired per-provider summaries of a project. */
  listForProject<T>(tenantId: string, projectId: string): Promise<Summary<T>[]>;
  purgeExpired(now?: Date): Promise<number>;
}
