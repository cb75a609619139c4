export { INVICTI_CLOUD_URL, normalizeBaseUrl } from './base-url.js';
export {
  type CallOptions,
  createInvictiClient,
  type InvictiClient,
  type InvictiClientOptions,
  type LaunchResult,
} from './create-invicti-client.js';
export {
  InvictiAbortError,
  InvictiAuthError,
  InvictiError,
  type InvictiErrorCode,
  InvictiHttpError,
  InvictiResponseError,
  InvictiTimeoutError,
  isInvictiError,
  type RedactedRequest,
} from './invicti-error.js';
// Types only: the issue schemas themselves are built when their module is evaluated, which a launch
// never needs; their values are the subpath `@scanrelay/invicti-client/issue-schema`.
export type { Issue, IssuePage, IssueSeverity, VulnerabilitiesReport } from './issue-schema.js';
export { type LaunchEndpoint, type LaunchScanRequest, toLaunchCall } from './launch-request.js';
export { type ListIssuesOptions, MAX_PAGE_SIZE, sameScanId } from './list-issues.js';
export type { InvictiTransport, RetryEvent } from './request.js';
export { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy } from './retry.js';
export {
  CANCEL_RESULTS,
  type CancelResult,
  cancelResultSchema,
  type ScanStatus,
  type ScanTask,
  scanStatusSchema,
  scanTaskListSchema,
  scanTaskSchema,
  type Website,
  websiteSchema,
} from './scan-schema.js';
export {
  isKnownScanState,
  isTerminalScanState,
  SCAN_STATES,
  type ScanState,
  type ScanStateKind,
  scanStateKind,
  TERMINAL_SCAN_STATES,
  type TerminalScanState,
} from './scan-state.js';
export type { WaitOptions, WaitProgress, WaitResult } from './wait-for-completion.js';
export { useEnglishZodMessages } from './zod-locale.js';
