/**
 * The public types of `@scanrelay/storage`, one module per aggregate (also the `@scanrelay/storage/types`
 * entry): importing them loads neither better-sqlite3, pg nor drizzle, so code that only takes a
 * `Store` (like `@scanrelay/core`) depends on these interfaces alone. Only type imports, plain
 * constants and the id generator the store's rows use (pure code) here.
 */

export { type FindingSearchColumns, findingSearchColumns } from './finding-search-columns.js';
export * from './model/api-keys.js';
export type * from './model/blocklist.js';
export type * from './model/deliveries.js';
export type * from './model/finding-batches.js';
export * from './model/findings.js';
export * from './model/forwards.js';
export type * from './model/job-logs.js';
export * from './model/jobs.js';
export type * from './model/page.js';
export * from './model/projects.js';
export type * from './model/rate-limits.js';
export type * from './model/sast-results.js';
export type * from './model/scans.js';
export type * from './model/sessions.js';
export type * from './model/store.js';
export type * from './model/stored.js';
export type * from './model/summaries.js';
export type * from './model/tenants.js';
export { uuidv7 } from './uuidv7.js';
