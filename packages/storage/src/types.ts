/** The public types of `@scanrelay/storage`: the stored shapes, then the repositories and the Store. */
export * from './model-types.js';
export * from './repository-types.js';
