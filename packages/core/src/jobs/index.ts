export { createJobHandlers, type JobHandlerDeps } from './create-job-handlers.js';
export type { JobContext, JobHandler } from './job-context.js';
export * from './job-contract.js';
export { isPermanentJobError, PermanentJobError } from './permanent-job-error.js';
export { processUpload } from './process-upload.js';
export { removeJobUpload } from './remove-job-upload.js';
export { type RerunOutcome, rerunJob } from './rerun-job.js';
export { createJobSender, type SendJob } from './send-job.js';
export { type SweepUploadsOptions, sweepUploads } from './sweep-uploads.js';
