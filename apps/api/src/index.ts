export type { Principal } from './app-env.js';
export { type ApiDeps, type BuiltApp, buildApp } from './build-app.js';
export {
  type ApiConfig,
  type ApiConfigInput,
  apiConfigSchema,
  type InvictiWebhookConfig,
  invictiWebhookConfigSchema,
} from './config.js';
export { createApi, type ListeningInfo, type ScanrelayApi, type StartOptions } from './create-api.js';
export { ApiProblem, PROBLEM_CODES, type ProblemCode } from './errors/api-problem.js';
export { type Logger, silentLogger } from './logger.js';
export { createMetrics, type Metrics, type MetricsOptions } from './metrics.js';
export type { MetricsAccess } from './routes/metrics.js';
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from './start-metrics-server.js';
