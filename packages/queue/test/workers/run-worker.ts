/**
 * A worker process for the crash and race tests. Reads its configuration from QUEUE_WORKER (JSON),
 * appends one JSON line per job start and end to `outFile`, prints "ready" once it consumes, and
 * drains on SIGTERM.
 */
import { appendFileSync } from 'node:fs';
import { createBullmqQueue, createSqliteQueue } from '../../src/index.js';
import type { WorkerConfig } from '../support.js';

const config = JSON.parse(process.env.QUEUE_WORKER ?? '{}') as WorkerConfig;
const queue =
  config.driver === 'sqlite'
    ? createSqliteQueue({ database: config.sqlitePath ?? '' })
    : createBullmqQueue({ connection: config.redisUrl ?? '', prefix: config.prefix });

const record = (event: 'start' | 'end', id: string, attempt: number) => {
  appendFileSync(config.outFile, `${JSON.stringify({ event, id, attempt, pid: process.pid })}\n`);
};

const consumer = queue.consume(
  config.queue,
  async (job, ctx) => {
    record('start', job.id, job.attempt);
    if (config.mode === 'hang') {
      await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2 + Math.floor(Math.random() * 6)));
    record('end', job.id, job.attempt);
  },
  { concurrency: config.concurrency, leaseMs: config.leaseMs, pollMs: 20 },
);

process.once('SIGTERM', async () => {
  await consumer.close(5000);
  await queue.close();
  process.exit(0);
});

process.stdout.write('ready\n');
