export { DispatchError, isDispatchError } from './dispatch-error.js';
export { createGitHubDispatcher, type GitHubDispatcherOptions, retryDelay } from './github-dispatcher.js';
export { createLocalDispatcher, createRoutingDispatcher, type EnqueueLike } from './local-dispatcher.js';
export { type ScanRequestBody, scanRequestBody } from './scan-request-body.js';
export {
  createScannerWorkerDispatcher,
  type ScannerWorkerDispatcherOptions,
} from './scanner-worker-dispatcher.js';
export * from './types.js';
export {
  MAX_CLIENT_PAYLOAD_BYTES,
  MAX_CLIENT_PAYLOAD_KEYS,
  MAX_EVENT_TYPE_LENGTH,
  MAX_WORKFLOW_INPUTS,
  validatePayload,
} from './validate-payload.js';
