export { type CliConfig, cliConfigSchema, ENV_SETTINGS, SECRET_SETTINGS } from './config-schema.js';
export { DEFAULT_CONFIG_FILE, type LoadConfigOptions, type LoadedConfig, loadConfig } from './load-config.js';
