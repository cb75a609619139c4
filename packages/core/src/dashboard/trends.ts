import { emptyCounts, SEVERITIES, type SeverityCounts } from '@scanrelay/findings-schema';
import type { Store, StoredScan } from '@scanrelay/storage/types';

/** Days a trend covers by default, and at most. */
export const TREND_DAYS_DEFAULT = 30;
export const TREND_DAYS_MAX = 366;

/** Completed scans read per store round trip. */
const PAGE = 1000;
const DAY_MS = 86_400_000;

/** One day of a trend: the UTC date (`YYYY-MM-DD`) and the open findings per severity at its end. */
export interface TrendPoint {
  day: string;
  counts: SeverityCounts;
  /** Sum of `counts`. */
  total: number;
}

export interface TrendQuery {
  /** One project; absent: every project of the tenant, summed. */
  projectId?: string;
  /** How many days, ending with the day of `now`; default `TREND_DAYS_DEFAULT`, at most `TREND_DAYS_MAX`. */
  days?: number;
  /** Default: the current time. */
  now?: Date;
}

/** When a completed scan counts from (ms): its completion time (older rows may lack it: their last change). */
function completedTime(scan: StoredScan): number {
  return Date.parse(scan.completedAt ?? scan.updatedAt);
}

/** Every completed scan of the tenant (or project), oldest completion first. */
async function completedScans(store: Store, tenantId: string, projectId?: string): Promise<StoredScan[]> {
  const scans: StoredScan[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.scans.list(tenantId, { projectId, status: 'completed', limit: PAGE, cursor });
    scans.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return scans.sort((a, b) => completedTime(a) - completedTime(b) || a.id.localeCompare(b.id));
}

function sumCounts(values: Iterable<SeverityCounts>): SeverityCounts {
  const sum = emptyCounts();
  for (const counts of values) for (const s of SEVERITIES) sum[s] += counts[s];
  return sum;
}

/**
 * Open findings per severity over time. Definition: at the end of each UTC day, each project has, for
 * each provider (tool) that scanned it, the counts of the latest scan of that provider completed on
 * or before that day; a project's open findings are the sum over its providers, the tenant's the sum
 * over its projects. A provider counts per project because each provider's scan reports only its own
 * findings (a project scanned by semgrep and trivy has both). Only `completed` scans count, with the
 * counts the scan reported; a day without a scan carries the previous day's numbers forward.
 * Returns one point per day, oldest first, ending with the day of `now`. Throws `TypeError` for `days`
 * out of range.
 */
export async function readTrends(
  store: Store,
  tenantId: string,
  query: TrendQuery = {},
): Promise<TrendPoint[]> {
  const days = query.days ?? TREND_DAYS_DEFAULT;
  if (!Number.isInteger(days) || days < 1 || days > TREND_DAYS_MAX)
    throw new TypeError(
      `@scanrelay/core: readTrends days must be an integer from 1 to ${TREND_DAYS_MAX}, got ${days}`,
    );
  const now = query.now ?? new Date();
  const lastDay = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const scans = await completedScans(store, tenantId, query.projectId);
  const latest = new Map<string, SeverityCounts>();
  const points: TrendPoint[] = [];
  let next = 0;
  for (let i = days - 1; i >= 0; i--) {
    const dayStart = lastDay - i * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    for (; next < scans.length; next++) {
      const scan = scans[next] as StoredScan;
      if (completedTime(scan) >= dayEnd) break;
      latest.set(`${scan.projectId}\u0000${scan.provider}`, scan.counts);
    }
    const counts = sumCounts(latest.values());
    const total = SEVERITIES.reduce((n, s) => n + counts[s], 0);
    points.push({ day: new Date(dayStart).toISOString().slice(0, 10), counts, total });
  }
  return points;
}
