export type { CliConfig } from './config-schema.js';
export { loadConfig } from './load-config.js';
