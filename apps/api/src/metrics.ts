import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { API_VERSION } from './api-version.js';

const JOB_STATES = ['waiting', 'delayed', 'active', 'completed', 'failed', 'dead'] as const;

/**
 * Prometheus metrics of one API (and, in `scanrelay serve`, of its in-process worker too: pass the
 * same object to `createWorker`). Each instance has its own registry, so several apps in one process
 * do not collide.
 */
export interface Metrics {
  readonly registry: Registry;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** Worker-side: a job ended with this outcome. */
  jobFinished(type: string, outcome: 'completed' | 'failed' | 'retried', seconds: number): void;
  /** Findings written by an ingest, by outcome (created, updated, unchanged, closed). */
  findingsIngested(outcome: string, count: number): void;
  webhookReceived(source: string, outcome: string): void;
  /** Reads queue counts at scrape time. */
  setQueueCounts(read: () => Promise<Record<string, Record<string, number>>>): void;
  /** The Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
}

export interface MetricsOptions {
  /** The `version` label of `scanrelay_build_info`; default this package's version. */
  version?: string;
  /** Process and Node metrics (CPU, memory, event loop lag, GC, handles); default true. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'scanrelay_build_info',
    help: 'Always 1; the labels say which scanrelay version runs on which Node.',
    labelNames: ['version', 'node'] as const,
    registers: [registry],
  }).set({ version: options.version ?? API_VERSION, node: process.version }, 1);
  let readQueue: (() => Promise<Record<string, Record<string, number>>>) | undefined;
  const requests = new Counter({
    name: 'scanrelay_http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'scanrelay_http_request_duration_seconds',
    help: 'HTTP request duration by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'scanrelay_jobs_finished_total',
    help: 'Jobs finished by this process, by type and outcome.',
    labelNames: ['type', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'scanrelay_job_duration_seconds',
    help: 'Job run time by type.',
    labelNames: ['type'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [registry],
  });
  const findings = new Counter({
    name: 'scanrelay_findings_ingested_total',
    help: 'Findings written by ingests, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'scanrelay_webhooks_total',
    help: 'Inbound webhooks by source and outcome.',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'scanrelay_queue_jobs',
    help: 'Jobs in the queue by state.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      if (!readQueue) return;
      this.reset();
      const all = await readQueue().catch(() => ({}) as Record<string, Record<string, number>>);
      for (const [queue, counts] of Object.entries(all)) {
        for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
      }
    },
  });
  return {
    registry,
    contentType: registry.contentType,
    observeRequest(method, route, status, seconds) {
      requests.inc({ method, route, status: String(status) });
      duration.observe({ method, route }, seconds);
    },
    jobFinished(type, outcome, seconds) {
      jobs.inc({ type, outcome });
      jobSeconds.observe({ type }, seconds);
    },
    findingsIngested(outcome, count) {
      if (count > 0) findings.inc({ outcome }, count);
    },
    webhookReceived(source, outcome) {
      webhooks.inc({ source, outcome });
    },
    setQueueCounts(read) {
      readQueue = read;
    },
    render: () => registry.metrics(),
  };
}
