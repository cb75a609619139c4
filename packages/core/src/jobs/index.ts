export { createJobHandlers, type JobHandlerDeps } from './create-job-handlers.js';
export type { JobContext, JobHandler } from './job-context.js';
export * from './job-contract.js';
export { isPermanentJobError, PermanentJobError } from './permanent-job-error.js';
export { processUpload } from './process-upload.js';
