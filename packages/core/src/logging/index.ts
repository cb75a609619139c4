export { type CreateLoggerOptions, createLogger, type LogLevel } from './create-logger.js';
export { runWithLogFields } from './log-context.js';
export { redactUrlSecrets } from './redact-url-secrets.js';
