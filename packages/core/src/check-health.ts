import type { Queue } from '@scanrelay/queue';
import type { Store } from '@scanrelay/storage/types';

/** The database and the queue, each reachable or not; `ok` when both are. */
export interface HealthReport {
  ok: boolean;
  database: { ok: boolean; dialect: string };
  queue: { ok: boolean; driver: string };
}

/** A dependency that does not answer within this time counts as down. */
const PING_TIMEOUT_MS = 2000;

/** Pings the store and the queue at once (what the API's and the worker's `/health` report). */
export async function checkHealth(
  store: Pick<Store, 'ping' | 'dialect'>,
  queue: Pick<Queue, 'ping' | 'driver'>,
  timeoutMs = PING_TIMEOUT_MS,
): Promise<HealthReport> {
  const [db, q] = await Promise.all([
    withTimeout(store.ping(), timeoutMs),
    withTimeout(queue.ping(), timeoutMs),
  ]);
  return {
    ok: db && q,
    database: { ok: db, dialect: store.dialect },
    queue: { ok: q, driver: queue.driver },
  };
}

async function withTimeout(p: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
