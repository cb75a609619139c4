export { checkHealth, type HealthReport } from './check-health.js';
export {
  CoreError,
  type CoreErrorCode,
  InvalidFindingError,
  isCoreError,
  RateLimitedError,
} from './core-error.js';
export * from './dashboard/index.js';
export * from './forward/index.js';
export * from './ingest/index.js';
export * from './invicti/index.js';
export * from './jobs/index.js';
export { type Logger, silentLogger } from './logger.js';
export * from './logging/index.js';
export type { WebhookMetrics, WorkerMetrics } from './metrics.js';
export * from './sast/index.js';
export { invictiDispatchCorrelationId, invictiFetchJobId, scanIdFor } from './scan-identity.js';
export * from './triage/index.js';
