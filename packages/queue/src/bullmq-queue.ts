import { randomUUID } from 'node:crypto';
import { Queue as BullQueue, type ConnectionOptions, type RedisOptions } from 'bullmq';
import { BullmqConsumer, backoffType } from './bullmq-consumer.js';
import { encodeJobId, readJob, toBullPriority, toJob } from './bullmq-job.js';
import { checkQueueName, resolveConsumeOptions, resolveEnqueueOptions, toJson } from './options.js';
import { backendCall, QueueError } from './queue-error.js';
import type { ConsumeOptions, Consumer, EnqueueOptions, Job, JobHandler, JobState, Queue } from './types.js';

export interface BullmqQueueOptions {
  /** A Redis URL (`redis://`, `rediss://`) or ioredis options. */
  connection: string | RedisOptions;
  /** Key prefix in Redis; default `scanrelay`. Give each app (and each test) its own. */
  prefix?: string;
  /** The random source of the retry jitter, in [0, 1); default `Math.random`. */
  random?: () => number;
  /** Errors no caller can receive (Redis connection errors, lost locks); default: stderr. */
  onError?: (err: unknown) => void;
}

function toConnection(connection: string | RedisOptions): RedisOptions {
  if (typeof connection !== 'string') return connection;
  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new QueueError(
      'CONFIG',
      'expected a Redis URL (redis://host:port), got a string that is not a URL',
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new QueueError('CONFIG', `expected a redis:// or rediss:// URL, got ${url.protocol}//…`);
  }
  return { url: connection };
}

const defaultOnError = (err: unknown) => {
  console.error(`@scanrelay/queue: ${err instanceof Error ? err.message : String(err)}`);
};

const pingTimeoutMs = 2000;

/** The distributed driver: BullMQ on Redis, for many workers on many machines. */
export function createBullmqQueue(options: BullmqQueueOptions): Queue {
  const connection: ConnectionOptions = toConnection(options.connection);
  const prefix = options.prefix ?? 'scanrelay';
  const random = options.random ?? Math.random;
  const onError = options.onError ?? defaultOnError;
  const queues = new Map<string, BullQueue>();
  const consumers = new Set<BullmqConsumer>();
  let closed = false;

  const bullQueue = (name: string): BullQueue => {
    if (closed) throw new QueueError('QUEUE_CLOSED', 'the queue is closed');
    let q = queues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection, prefix });
      q.on('error', (err) => onError(err));
      queues.set(name, q);
    }
    return q;
  };

  return {
    driver: 'bullmq',

    async enqueue<T>(queue: string, name: string, data: T, opts?: EnqueueOptions): Promise<Job<T>> {
      checkQueueName(queue);
      const resolved = resolveEnqueueOptions(name, opts);
      const json = JSON.parse(toJson(data));
      const q = bullQueue(queue);
      return backendCall('enqueue', async () => {
        const added = await q.add(name, json, {
          jobId: encodeJobId(resolved.jobId ?? randomUUID()),
          delay: resolved.delayMs || undefined,
          priority: toBullPriority(resolved.priority),
          attempts: resolved.maxAttempts,
          backoff: { type: backoffType },
        });
        // With a caller's id the job may already exist: answer with the stored one.
        if (resolved.jobId !== undefined) {
          const existing = await readJob(q, added.id ?? '');
          if (existing) return existing as Job<T>;
        }
        return toJob(added, resolved.delayMs > 0 ? 'delayed' : 'waiting') as Job<T>;
      });
    },

    consume<T>(queue: string, handler: JobHandler<T>, opts?: ConsumeOptions): Consumer {
      checkQueueName(queue);
      const resolved = resolveConsumeOptions(opts);
      if (closed) throw new QueueError('QUEUE_CLOSED', 'the queue is closed');
      const consumer: BullmqConsumer = new BullmqConsumer({
        queue,
        handler: handler as JobHandler<unknown>,
        options: resolved,
        connection,
        prefix,
        onError,
        random,
        onClosed: () => consumers.delete(consumer),
      });
      consumers.add(consumer);
      return consumer;
    },

    async getJob(queue: string, id: string): Promise<Job | undefined> {
      checkQueueName(queue);
      const q = bullQueue(queue);
      return backendCall('getJob', () => readJob(q, encodeJobId(id)));
    },

    async counts(queue: string): Promise<Record<JobState, number>> {
      checkQueueName(queue);
      const q = bullQueue(queue);
      const c = await backendCall('counts', () =>
        q.getJobCounts(
          'waiting',
          'prioritized',
          'paused',
          'waiting-children',
          'delayed',
          'active',
          'completed',
          'failed',
        ),
      );
      const n = (k: string) => c[k] ?? 0;
      return {
        waiting: n('waiting') + n('prioritized') + n('paused') + n('waiting-children'),
        delayed: n('delayed'),
        active: n('active'),
        completed: n('completed'),
        // Jobs awaiting a retry sit in BullMQ's wait or delayed lists and are counted there.
        failed: 0,
        dead: n('failed'),
      };
    },

    async listDead(queue: string, limit = 50): Promise<Job[]> {
      checkQueueName(queue);
      const q = bullQueue(queue);
      const jobs = await backendCall('listDead', () =>
        q.getJobs(['failed'], 0, Math.max(0, limit - 1), false),
      );
      return jobs.filter((j) => j !== undefined).map((j) => toJob(j as never, 'dead'));
    },

    async retryDead(queue: string, id: string): Promise<boolean> {
      checkQueueName(queue);
      const q = bullQueue(queue);
      return backendCall('retryDead', async () => {
        const job = await q.getJob(encodeJobId(id));
        if (!job || (await job.getState()) !== 'failed') return false;
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      });
    },

    async ping(): Promise<boolean> {
      if (closed) return false;
      const q = queues.values().next().value ?? bullQueue('scanrelay-ping');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), pingTimeoutMs);
      });
      const answer = (async () => {
        const client = await q.client;
        await client.get(q.toKey('ping'));
        return true as const;
      })().catch(() => false as const);
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers].map((c) => c.close()));
      await Promise.all([...queues.values()].map((q) => q.close().catch(onError)));
    },
  };
}
