import { openAsBlob } from 'node:fs';
import path from 'node:path';
import {
  type FindingLocationKind,
  type FindingSort,
  type FindingStatusInput,
  type FindingsIngestBody,
  type FindingsIngestResult,
  type ForwardList,
  findingPageSchema,
  findingsIngestResultSchema,
  forwardListSchema,
  type Health,
  healthSchema,
  type ImportType,
  type Job,
  type JobPage,
  jobPageSchema,
  jobSchema,
  type ScanPage,
  type ScanView,
  type SortOrder,
  type StoredFinding,
  scanPageSchema,
  scanViewSchema,
  TERMINAL_JOB_STATUSES,
  type UploadAccepted,
  uploadAcceptedSchema,
} from '@scanrelay/api-schema';
import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import { ClientError } from './client-error.js';
import { createSastClient, type SastClient } from './sast-client.js';
import { sleep } from './sleep.js';
import { type JobLogEvent, type StreamJobLogsOptions, streamJobLogs } from './stream-job-logs.js';
import { toClientError } from './to-client-error.js';
import { createTriageClient, type TriageClient } from './triage-client.js';

export interface ClientOptions {
  /** e.g. `http://127.0.0.1:8787`. */
  baseUrl: string;
  apiKey?: string;
  /** Per request; default 30 s (uploads: none, they stream). */
  timeoutMs?: number;
  /** Retries for idempotent requests on 429/5xx/network errors; default 2. */
  retries?: number;
  fetch?: typeof fetch;
}

export interface UploadOptions {
  /** A file path, or a Blob with a name. */
  file: string | { blob: Blob; filename: string };
  scannerType?: string;
  project?: string;
  assessment?: string;
  assetType?: string;
  importType?: ImportType;
  destinations?: string[];
  /**
   * Phoenix Security credentials for this upload's `phoenix` destinations, overriding the service's
   * (the Phoenix client's cascade: upload > service configuration > defaults). The service keeps them
   * encrypted only while the job needs them and never returns them.
   */
  phoenix?: PhoenixOverrides;
}

/** Per-upload Phoenix credentials; each absent field falls back to the service's configuration. */
export interface PhoenixOverrides {
  clientId?: string;
  clientSecret?: string;
  apiUrl?: string;
}

/** A finding list's filters and order (the same as the dashboard's findings table). */
export interface FindingFilters {
  severity?: string | string[];
  /** Stored spellings or the issue's (`false_positive`, `accepted_risk`). */
  status?: FindingStatusInput | FindingStatusInput[];
  tool?: string;
  /** Kind of the finding's location. */
  kind?: FindingLocationKind;
  /** Case-insensitive text in the title, rule id or location. */
  q?: string;
  /** Default `id` (creation order). */
  sort?: FindingSort;
  order?: SortOrder;
  /** Findings per request; default 500. */
  limit?: number;
}

export interface ScanrelayClient extends SastClient, TriageClient {
  health(): Promise<Health>;
  upload(options: UploadOptions): Promise<UploadAccepted>;
  getJob(id: string): Promise<Job>;
  listJobs(query?: { status?: string; type?: string; limit?: number; cursor?: string }): Promise<JobPage>;
  /** Polls until the job ends (completed, failed or dead), with backoff from 250 ms to `maxIntervalMs`. */
  waitForJob(
    id: string,
    opts?: {
      timeoutMs?: number;
      maxIntervalMs?: number;
      signal?: AbortSignal;
      onUpdate?: (job: Job) => void;
    },
  ): Promise<Job>;
  /**
   * Follows the job's log (Server-Sent Events) until the `end` event. A stream that drops before it
   * is reopened after the server's `retry:` time (default 1 s) with `Last-Event-ID`, so no line is
   * lost or repeated; after `reconnects` attempts in a row without an event (default 5) it throws.
   */
  streamJobLogs(id: string, opts?: StreamJobLogsOptions): AsyncGenerator<JobLogEvent>;
  listScans(query?: {
    project?: string;
    status?: string;
    limit?: number;
    cursor?: string;
  }): Promise<ScanPage>;
  getScan(id: string): Promise<ScanView>;
  /** Every finding a scan saw, across pages. */
  scanFindings(scanId: string, filters?: FindingFilters): AsyncGenerator<StoredFinding>;
  /** Every finding of a project, across pages. */
  projectFindings(project: string, filters?: FindingFilters): AsyncGenerator<StoredFinding>;
  /** `POST /api/v1/findings`: secureCodeBox findings for a project and a provider scan. */
  postFindings(body: FindingsIngestBody): Promise<FindingsIngestResult>;
  /** `POST /api/v1/scans/{id}/forward`: send a stored scan's findings again (absent: the default destinations). */
  forwardScan(scanId: string, destinations?: string[]): Promise<ForwardList>;
  /** `GET /api/v1/scans/{id}/forwards`: each destination's status, counts and last error. */
  scanForwards(scanId: string): Promise<ForwardList>;
}

/**
 * A typed client for the scanrelay HTTP API v1 (ky underneath). Every answer is validated with zod;
 * problem+json errors become `ClientError` with the API's `code` and field errors. The API key is
 * sent as a bearer token and never appears in errors.
 */
export function createScanrelayClient(options: ClientOptions): ScanrelayClient {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new TypeError(
      `@scanrelay/client: baseUrl must be an absolute http(s) URL, got "${options.baseUrl}"`,
    );
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`@scanrelay/client: baseUrl must use http or https, got ${base.protocol}`);
  }
  if (base.username || base.password)
    throw new TypeError('@scanrelay/client: credentials do not belong in baseUrl; use apiKey');
  const http: KyInstance = ky.create({
    prefixUrl: base.toString().replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? 30_000,
    retry: {
      limit: options.retries ?? 2,
      methods: ['get'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      backoffLimit: 5_000,
    },
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    fetch: options.fetch,
  });

  async function call<S extends z.ZodType>(schema: S, run: () => Promise<Response>): Promise<z.infer<S>> {
    let res: Response;
    try {
      res = await run();
    } catch (err) {
      throw await toClientError(err);
    }
    const body = await res.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ClientError(
        'invalid_response',
        `unexpected answer from ${res.url}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
        { status: res.status },
      );
    }
    return parsed.data;
  }

  async function* pages<T>(
    fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>,
  ): AsyncGenerator<T> {
    let cursor: string | undefined;
    do {
      const page = await fetchPage(cursor);
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  const findingParams = (f: FindingFilters, cursor?: string) => {
    const p = new URLSearchParams();
    for (const s of [f.severity ?? []].flat()) p.append('severity', s);
    for (const s of [f.status ?? []].flat()) p.append('status', s);
    if (f.tool) p.set('tool', f.tool);
    if (f.kind) p.set('kind', f.kind);
    if (f.q) p.set('q', f.q);
    if (f.sort) p.set('sort', f.sort);
    if (f.order) p.set('order', f.order);
    p.set('limit', String(f.limit ?? 500));
    if (cursor) p.set('cursor', cursor);
    return p;
  };

  const client: ScanrelayClient = {
    health: () => call(healthSchema, () => http.get('api/v1/health', { throwHttpErrors: false })),

    async upload(o) {
      const form = new FormData();
      if (typeof o.file === 'string') {
        form.set('file', await openAsBlob(o.file), path.basename(o.file));
      } else {
        form.set('file', o.file.blob, o.file.filename);
      }
      if (o.scannerType) form.set('scanner_type', o.scannerType);
      if (o.project) form.set('project', o.project);
      if (o.assessment) form.set('assessment', o.assessment);
      if (o.assetType) form.set('asset_type', o.assetType);
      if (o.importType) form.set('import_type', o.importType);
      if (o.destinations?.length) form.set('destinations', o.destinations.join(','));
      if (o.phoenix?.clientId) form.set('phoenix_client_id', o.phoenix.clientId);
      if (o.phoenix?.clientSecret) form.set('phoenix_client_secret', o.phoenix.clientSecret);
      if (o.phoenix?.apiUrl) form.set('phoenix_api_url', o.phoenix.apiUrl);
      return call(uploadAcceptedSchema, () =>
        http.post('api/v1/upload', { body: form, timeout: false, retry: 0 }),
      );
    },

    getJob: (id) => call(jobSchema, () => http.get(`api/v1/jobs/${encodeURIComponent(id)}`)),

    listJobs: (q = {}) =>
      call(jobPageSchema, () =>
        http.get('api/v1/jobs', {
          searchParams: Object.fromEntries(
            Object.entries(q)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, String(v)]),
          ),
        }),
      ),

    async waitForJob(id, o = {}) {
      const deadline = o.timeoutMs ? Date.now() + o.timeoutMs : Number.POSITIVE_INFINITY;
      let interval = 250;
      while (true) {
        o.signal?.throwIfAborted();
        const job = await client.getJob(id);
        o.onUpdate?.(job);
        if (TERMINAL_JOB_STATUSES.has(job.status)) return job;
        if (Date.now() + interval > deadline) {
          throw new ClientError(
            'wait_timeout',
            `job ${id} did not end within ${o.timeoutMs} ms (last status ${job.status})`,
          );
        }
        await sleep(interval, o.signal);
        interval = Math.min(o.maxIntervalMs ?? 2_000, Math.round(interval * 1.5));
      }
    },

    streamJobLogs: (id, o = {}) => streamJobLogs(http, id, o),

    listScans: (q = {}) =>
      call(scanPageSchema, () =>
        http.get('api/v1/scans', {
          searchParams: Object.fromEntries(
            Object.entries(q)
              .filter(([, v]) => v !== undefined)
              .map(([k, v]) => [k, String(v)]),
          ),
        }),
      ),

    getScan: (id) => call(scanViewSchema, () => http.get(`api/v1/scans/${encodeURIComponent(id)}`)),

    forwardScan: (scanId, destinations) =>
      call(forwardListSchema, () =>
        http.post(`api/v1/scans/${encodeURIComponent(scanId)}/forward`, {
          json: destinations ? { destinations } : {},
          retry: 0,
        }),
      ),

    scanForwards: (scanId) =>
      call(forwardListSchema, () => http.get(`api/v1/scans/${encodeURIComponent(scanId)}/forwards`)),

    scanFindings: (scanId, f = {}) =>
      pages((cursor) =>
        call(findingPageSchema, () =>
          http.get(`api/v1/scans/${encodeURIComponent(scanId)}/findings`, {
            searchParams: findingParams(f, cursor),
          }),
        ),
      ),

    projectFindings: (project, f = {}) =>
      pages((cursor) =>
        call(findingPageSchema, () =>
          http.get(`api/v1/projects/${encodeURIComponent(project)}/findings`, {
            searchParams: findingParams(f, cursor),
          }),
        ),
      ),

    postFindings: (body) =>
      call(findingsIngestResultSchema, () => http.post('api/v1/findings', { json: body, retry: 0 })),

    ...createSastClient(http, call),
    ...createTriageClient(http, call),
  };
  return client;
}
