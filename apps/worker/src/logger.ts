/** The logging the worker needs (the same shape as `@scanrelay/api`'s Logger). Never pass secrets. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const noop = () => {};
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };

/** What the worker reports to Prometheus; `@scanrelay/api`'s `createMetrics()` implements it. */
export interface WorkerMetrics {
  jobFinished(type: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void;
  findingsIngested(outcome: string, count: number): void;
}
