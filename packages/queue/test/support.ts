import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, redisUrl } from '@scanrelay/test-utils';
import { Queue as BullQueue } from 'bullmq';
import { createBullmqQueue, createSqliteQueue, type Queue } from '../src/index.js';

export type DriverName = 'sqlite' | 'bullmq';

/** What a child worker process (test/workers/run-worker.ts) is told, as JSON in QUEUE_WORKER. */
export interface WorkerConfig {
  driver: DriverName;
  sqlitePath?: string;
  redisUrl?: string;
  prefix?: string;
  queue: string;
  /** `hang`: start and never finish; `record`: start, work a few ms, end. */
  mode: 'hang' | 'record';
  leaseMs: number;
  concurrency: number;
  outFile: string;
}

export interface WorkerEvent {
  event: 'start' | 'end';
  id: string;
  attempt: number;
  pid: number;
}

/** One backend (a SQLite file, or a Redis key prefix) that several Queue instances can open. */
export interface Backend {
  driver: DriverName;
  dir: string;
  /** A new Queue instance on the backend, as another process would open it. */
  open(opts?: { random?: () => number }): Queue;
  /** A queue name unique to this backend, removed at cleanup. */
  queueName(): string;
  workerConfig(
    queue: string,
    rest: Pick<WorkerConfig, 'mode' | 'leaseMs' | 'concurrency' | 'outFile'>,
  ): WorkerConfig;
  cleanup(): Promise<void>;
}

const quiet = () => {};

export function createBackend(driver: DriverName): Backend {
  const { dir, cleanup: removeDir } = makeTempDir('scanrelay-queue-');
  const sqlitePath = path.join(dir, 'queue.db');
  const prefix = `scanrelay-test-${randomUUID().slice(0, 8)}`;
  const names: string[] = [];
  const opened: Queue[] = [];
  return {
    driver,
    dir,
    open(opts = {}) {
      const q =
        driver === 'sqlite'
          ? createSqliteQueue({ database: sqlitePath, random: opts.random, onError: quiet })
          : createBullmqQueue({ connection: redisUrl, prefix, random: opts.random, onError: quiet });
      opened.push(q);
      return q;
    },
    queueName() {
      const name = `q${names.length + 1}-${randomUUID().slice(0, 6)}`;
      names.push(name);
      return name;
    },
    workerConfig(queue, rest) {
      return driver === 'sqlite'
        ? { driver, sqlitePath, queue, ...rest }
        : { driver, redisUrl, prefix, queue, ...rest };
    },
    async cleanup() {
      await Promise.all(opened.map((q) => q.close()));
      if (driver === 'bullmq') {
        for (const name of [...names, 'scanrelay-ping']) {
          const q = new BullQueue(name, { connection: { url: redisUrl }, prefix });
          await q.obliterate({ force: true });
          await q.close();
        }
      }
      removeDir();
    },
  };
}

export { sleep, waitFor } from '@scanrelay/test-utils';

const workerScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workers', 'run-worker.ts');

/** Starts a worker process from source and resolves once it consumes. */
export async function spawnWorker(
  config: WorkerConfig,
): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--conditions=@scanrelay/source', '--import', 'tsx', workerScript], {
    env: { ...process.env, QUEUE_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready: ${err}`)));
  });
  return { child, exited };
}

export function readEvents(file: string): WorkerEvent[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as WorkerEvent);
}
