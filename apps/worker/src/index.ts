export { type FetchInvictiIssuesInput, JOB_TYPES, type ProcessUploadInput } from '@scanrelay/core';
export { createWorker, type ScanrelayWorker, type WorkerDeps } from './create-worker.js';
export { PermanentJobError } from './job-error.js';
export type { Logger, WorkerMetrics } from './logger.js';
