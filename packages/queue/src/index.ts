export { type BackoffSettings, backoffDelay, defaultBackoff } from './backoff.js';
export { type BullmqQueueOptions, createBullmqQueue } from './bullmq-queue.js';
export {
  createQueue,
  createQueueFromEnv,
  type QueueConfig,
  type QueueFromEnvOptions,
} from './create-queue.js';
export { isQueueError, QueueError, type QueueErrorCode } from './queue-error.js';
export { createSqliteQueue, type SqliteQueueOptions } from './sqlite-queue.js';
export * from './types.js';
