import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { checkQueueName, resolveConsumeOptions, resolveEnqueueOptions, toJson } from './options.js';
import { backendCall, QueueError } from './queue-error.js';
import { SqliteConsumer } from './sqlite-consumer.js';
import { SqliteGroupCommit } from './sqlite-group-commit.js';
import { SqliteJobStore } from './sqlite-store.js';
import type { ConsumeOptions, Consumer, EnqueueOptions, Job, JobHandler, JobState, Queue } from './types.js';

export interface SqliteQueueOptions {
  /** An open better-sqlite3 database (shared with the rest of the app, left open on close) or a file path. */
  database: Database.Database | string;
  /** Default `queue_jobs`; a second table `<tableName>_starts` keeps recent starts for rate limits. */
  tableName?: string;
  /** The clock, in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** The random source of the retry jitter, in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Errors a consumer cannot throw to anyone (a failed write, a lost lease); default: stderr. */
  onError?: (err: unknown) => void;
  /** Most enqueues and completions committed together in one transaction (default 256). */
  maxGroupCommit?: number;
}

function openDatabase(database: Database.Database | string): { db: Database.Database; owned: boolean } {
  if (typeof database !== 'string') return { db: database, owned: false };
  try {
    const db = new Database(database, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return { db, owned: true };
  } catch (err) {
    throw new QueueError('CONFIG', `cannot open the SQLite database at ${database}`, { cause: err });
  }
}

const defaultOnError = (err: unknown) => {
  console.error(`@scanrelay/queue: ${err instanceof Error ? err.message : String(err)}`);
};

/**
 * The embedded driver: jobs live in a table of a SQLite file (WAL), claimed atomically, so any
 * number of processes on one machine can share a queue. A job whose worker died runs again once
 * its lease expires.
 */
export function createSqliteQueue(options: SqliteQueueOptions): Queue {
  const { db, owned } = openDatabase(options.database);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const onError = options.onError ?? defaultOnError;
  const store = new SqliteJobStore(db, options.tableName ?? 'queue_jobs', now);
  // Enqueues and completions that arrive together share one commit, each answered once it is durable.
  const group = new SqliteGroupCommit(db, options.maxGroupCommit);
  const consumers = new Map<string, Set<SqliteConsumer>>();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new QueueError('QUEUE_CLOSED', 'the queue is closed');
  };

  return {
    driver: 'sqlite',

    async enqueue<T>(queue: string, name: string, data: T, opts?: EnqueueOptions): Promise<Job<T>> {
      checkQueueName(queue);
      const resolved = resolveEnqueueOptions(name, opts);
      assertOpen();
      const json = toJson(data);
      const id = resolved.jobId ?? randomUUID();
      const job = await backendCall('enqueue', () =>
        group.run(() => store.enqueue(queue, id, name, json, resolved)),
      );
      for (const c of consumers.get(queue) ?? []) c.wake();
      return job as Job<T>;
    },

    consume<T>(queue: string, handler: JobHandler<T>, opts?: ConsumeOptions): Consumer {
      checkQueueName(queue);
      const resolved = resolveConsumeOptions(opts);
      assertOpen();
      const set = consumers.get(queue) ?? new Set();
      consumers.set(queue, set);
      const consumer: SqliteConsumer = new SqliteConsumer({
        store,
        group,
        queue,
        handler: handler as JobHandler<unknown>,
        options: resolved,
        onError,
        random,
        onClosed: () => set.delete(consumer),
      });
      set.add(consumer);
      return consumer;
    },

    async getJob(queue: string, id: string): Promise<Job | undefined> {
      assertOpen();
      return backendCall('getJob', () => store.get(queue, id));
    },

    async counts(queue: string): Promise<Record<JobState, number>> {
      assertOpen();
      return backendCall('counts', () => store.counts(queue));
    },

    async listDead(queue: string, limit = 50): Promise<Job[]> {
      assertOpen();
      return backendCall('listDead', () => store.listDead(queue, limit));
    },

    async retryDead(queue: string, id: string): Promise<boolean> {
      assertOpen();
      const moved = await backendCall('retryDead', () => store.retryDead(queue, id));
      if (moved) for (const c of consumers.get(queue) ?? []) c.wake();
      return moved;
    },

    async ping(): Promise<boolean> {
      if (closed || !db.open) return false;
      try {
        db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers.values()].flatMap((set) => [...set].map((c) => c.close())));
      group.flush();
      if (owned) db.close();
    },
  };
}
