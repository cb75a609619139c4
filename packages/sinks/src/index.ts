export { createSink, type SinkDeps } from './create-sink.js';
export * from './destination-config.js';
export type { Sink, SinkContext, SinkKind, SinkResult } from './sink.js';
