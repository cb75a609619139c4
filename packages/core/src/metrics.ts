/** What the worker reports to Prometheus; `@scanrelay/api`'s `createMetrics()` implements it. */
export interface WorkerMetrics {
  jobFinished(type: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void;
  findingsIngested(outcome: string, count: number): void;
}

/** What an inbound webhook reports (`accepted`, `duplicate`, `dispatched`, …) per source. */
export interface WebhookMetrics {
  webhookReceived(source: string, outcome: string): void;
}
