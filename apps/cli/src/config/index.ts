export type { CliConfig } from './config-schema.js';
export { configWarnings } from './config-warnings.js';
export { loadConfig } from './load-config.js';
