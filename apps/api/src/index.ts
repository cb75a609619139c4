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
export { createJsonLogger, type Logger, silentLogger } from './logger.js';
export { createMetrics, type Metrics } from './metrics.js';
