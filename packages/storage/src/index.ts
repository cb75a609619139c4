export { createStore } from './create-store.js';
export { createStorageDeliveryStore, type StorageDeliveryStore } from './delivery-store.js';
export { loadMigrations, MIGRATIONS_DIR, type Migration } from './migrate.js';
export { DEFAULT_SUMMARY_TTL_MS } from './repos/summaries.js';
export * as pgSchema from './schema/pg.js';
export * as sqliteSchema from './schema/sqlite.js';
export { isStorageError, StorageError, type StorageErrorCode } from './storage-error.js';
export { DEFAULT_STORE_URL, type ParsedStoreUrl, parseStoreUrl, redactUrl } from './store-url.js';
export * from './types.js';
