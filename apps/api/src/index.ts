export { createApi, type ListeningInfo, type ScanrelayApi, type StartOptions } from './api-server.js';
export type { Principal } from './app-env.js';
export {
  type ApiConfig,
  type ApiConfigInput,
  apiConfigSchema,
  type InvictiWebhookConfig,
  invictiWebhookConfigSchema,
} from './config.js';
export { type ApiDeps, buildApp } from './create-api.js';
export { ApiProblem, PROBLEM_CODES, type ProblemCode } from './errors/api-problem.js';
export { createJsonLogger, type Logger, silentLogger } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
