import type Database from 'better-sqlite3';
import { createBullmqQueue } from './bullmq-queue.js';
import { QueueError } from './queue-error.js';
import { createSqliteQueue } from './sqlite-queue.js';
import type { Queue } from './types.js';

export type QueueConfig =
  | { driver: 'sqlite'; database: Database.Database | string; tableName?: string }
  | { driver: 'bullmq'; url: string; prefix?: string };

/** One of the two drivers, chosen by configuration. */
export function createQueue(config: QueueConfig): Queue {
  switch (config.driver) {
    case 'sqlite':
      return createSqliteQueue({ database: config.database, tableName: config.tableName });
    case 'bullmq':
      return createBullmqQueue({ connection: config.url, prefix: config.prefix });
    default:
      throw new TypeError(
        `@scanrelay/queue: expected driver 'sqlite' or 'bullmq', got ${JSON.stringify((config as { driver?: unknown }).driver)}`,
      );
  }
}

export interface QueueFromEnvOptions {
  /** Default `REDIS_URL`. When set, the BullMQ driver is used. */
  redisUrl?: string;
  /** The SQLite file (or an open database) when there is no Redis; default `SCANRELAY_SQLITE_PATH`. */
  sqlitePath?: string;
  database?: Database.Database;
  /** BullMQ key prefix. */
  prefix?: string;
  env?: NodeJS.ProcessEnv;
}

/** `REDIS_URL` set: BullMQ; otherwise the embedded SQLite driver on the given file. */
export function createQueueFromEnv(opts: QueueFromEnvOptions = {}): Queue {
  const env = opts.env ?? process.env;
  const redisUrl = opts.redisUrl ?? (env.REDIS_URL || undefined);
  if (redisUrl) return createQueue({ driver: 'bullmq', url: redisUrl, prefix: opts.prefix });
  const database = opts.database ?? opts.sqlitePath ?? (env.SCANRELAY_SQLITE_PATH || undefined);
  if (database === undefined) {
    throw new QueueError(
      'CONFIG',
      'expected REDIS_URL (BullMQ) or a SQLite database (sqlitePath, database or SCANRELAY_SQLITE_PATH), got neither',
    );
  }
  return createQueue({ driver: 'sqlite', database });
}
