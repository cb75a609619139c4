import type { Store } from '@scanrelay/storage/types';
import { readTrends, type TrendPoint, type TrendQuery } from './trends.js';

/** Mean time to fix: how many findings were fixed and the mean of `fixedAt - firstSeenAt`. */
export interface FixTimes {
  fixed: number;
  /** Undefined when nothing was fixed. */
  meanMs: number | undefined;
}

/** What a trends page shows: open findings per severity per day, and the mean time to fix. */
export interface TrendReport {
  points: TrendPoint[];
  fixTimes: FixTimes;
}

/** The trend (see `readTrends`) and the mean time to fix over the same tenant or project. */
export async function readTrendReport(
  store: Store,
  tenantId: string,
  query: TrendQuery = {},
): Promise<TrendReport> {
  const [points, fixTimes] = await Promise.all([
    readTrends(store, tenantId, query),
    store.findings.fixTimes(tenantId, query.projectId),
  ]);
  return { points, fixTimes };
}
