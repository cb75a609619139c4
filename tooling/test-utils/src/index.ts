export * from './api-request.js';
export * from './browser-checks.js';
export * from './env.js';
export * from './keyed-service.js';
export * from './run-cli.js';
export * from './temp-dir.js';
export * from './wait-for.js';
