export { CoreError, type CoreErrorCode, InvalidFindingError, isCoreError } from './core-error.js';
export * from './ingest/index.js';
export * from './jobs/job-contract.js';
