export { type BatchOptions, batchFindings } from './batch-findings.js';
export { createSink, type SinkDeps } from './create-sink.js';
export * from './destination-config.js';
export {
  createSinkHttp,
  type SinkBody,
  type SinkHttp,
  type SinkHttpOptions,
  type SinkLog,
  type SinkRequest,
  type SinkResponse,
  type Sleep,
} from './http/create-sink-http.js';
export { parseJsonResponse } from './http/parse-json-response.js';
export { DEFAULT_RETRY, parseRetryAfter, type RetryPolicy, retryDelay } from './http/retry-delay.js';
export { isSinkError, SinkError, type SinkErrorCode, type SinkErrorOptions } from './http/sink-error.js';
export type { Sink, SinkContext, SinkKind, SinkResult } from './sink.js';
export {
  type FindingsBatchEvent,
  type FindingsSummaryEvent,
  WEBHOOK_EVENT_TYPES,
  type WebhookEvent,
  type WebhookEventType,
  type WebhookFinding,
} from './webhook/webhook-event.js';
