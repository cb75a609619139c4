export { ScanrelayApiError } from './client-error.js';
export {
  type ClientOptions,
  createScanrelayClient,
  type FindingFilters,
  type JobLogEvent,
  type ScanrelayClient,
  type UploadOptions,
} from './create-client.js';
export * from './schemas.js';
export { parseSse, type SseEvent } from './sse.js';
