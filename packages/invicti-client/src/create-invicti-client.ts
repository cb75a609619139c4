import { INVICTI_CLOUD_URL, normalizeBaseUrl } from './base-url.js';
import type { Issue, VulnerabilitiesReport } from './issue-schema.js';
import { type LaunchEndpoint, type LaunchScanRequest, toLaunchCall } from './launch-request.js';
import { type ListIssuesOptions, listIssues } from './list-issues.js';
import { createRequester, type InvictiTransport, type RetryEvent } from './request.js';
import type { RetryPolicy } from './retry.js';
import {
  type CancelResult,
  cancelResultSchema,
  type ScanStatus,
  type ScanTask,
  scanStatusSchema,
  scanTaskListSchema,
  scanTaskSchema,
  type Website,
  websiteSchema,
} from './scan-schema.js';
import { type WaitOptions, type WaitResult, waitForCompletion } from './wait-for-completion.js';

export interface InvictiClientOptions {
  /** Host or API root; default Invicti cloud (US). `…/api/1.0/` is appended when missing. */
  baseUrl?: string;
  /** Basic-auth user name: the Invicti user id. */
  userId: string;
  /** Basic-auth password: the user's API token. Never logged; redacted from every error. */
  apiToken: string;
  /** Per attempt. Default 30 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
  onRetry?: (event: RetryEvent) => void;
  /** The `fetch` of the `ky` transport. */
  fetch?: typeof globalThis.fetch;
  userAgent?: string;
  /** Default `ky`; `node-http` for a short-lived process (no ky, no fetch classes; see README). */
  transport?: InvictiTransport;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface LaunchResult {
  endpoint: LaunchEndpoint;
  /** The first (usually only) scan created. */
  scan: ScanTask;
  /** `scans/new` may create more than one scan task (e.g. a PCI scan beside the main one). */
  scans: ScanTask[];
}

export interface InvictiClient {
  readonly baseUrl: string;
  launchScan(request: LaunchScanRequest, opts?: CallOptions): Promise<LaunchResult>;
  getScanStatus(scanId: string, opts?: CallOptions): Promise<ScanStatus>;
  getScan(scanId: string, opts?: CallOptions): Promise<ScanTask>;
  getWebsite(websiteId: string, opts?: CallOptions): Promise<Website>;
  /** Returns Invicti's answer (`Ok`, `ScanCompleted`, `ScanNotFound`, …); only transport failures throw. */
  cancelScan(scanId: string, opts?: CallOptions): Promise<CancelResult>;
  waitForCompletion(scanId: string, opts?: WaitOptions): Promise<WaitResult>;
  listIssues(scanId: string, opts?: ListIssuesOptions): AsyncGenerator<Issue>;
  /** `scans/report?type=Vulnerabilities&format=Json`: the per-scan report (shape inferred, see README). */
  getVulnerabilitiesReport(scanId: string, opts?: CallOptions): Promise<VulnerabilitiesReport>;
}

/** The id trimmed; TypeError when empty (programmer misuse). */
function requireId(what: string, id: string): string {
  if (typeof id !== 'string' || id.trim() === '')
    throw new TypeError(`@scanrelay/invicti-client: expected a ${what}, got ${JSON.stringify(id)}`);
  return id.trim();
}

const segment = (what: string, id: string) => encodeURIComponent(requireId(what, id));

/** A typed client for the Invicti Enterprise API v1. */
export function createInvictiClient(options: InvictiClientOptions): InvictiClient {
  if (typeof options.userId !== 'string' || options.userId.trim() === '' || options.userId.includes(':')) {
    throw new TypeError(
      '@scanrelay/invicti-client: userId: expected the Invicti user id (non-empty, without ":")',
    );
  }
  if (typeof options.apiToken !== 'string' || options.apiToken.trim() === '') {
    throw new TypeError(
      '@scanrelay/invicti-client: apiToken: expected the Invicti API token, got an empty value',
    );
  }
  if (options.transport === 'node-http' && options.fetch) {
    throw new TypeError('@scanrelay/invicti-client: fetch: only the ky transport takes a fetch');
  }
  const baseUrl = normalizeBaseUrl(options.baseUrl ?? INVICTI_CLOUD_URL);
  const request = createRequester({
    baseUrl,
    userId: options.userId.trim(),
    apiToken: options.apiToken.trim(),
    timeoutMs: options.timeoutMs ?? 30_000,
    retry: options.retry,
    onRetry: options.onRetry,
    fetch: options.fetch,
    userAgent: options.userAgent,
    transport: options.transport,
  });

  const getScanStatus = (scanId: string, opts: CallOptions = {}) =>
    request({
      method: 'GET',
      path: `scans/status/${segment('scan id', scanId)}`,
      schema: scanStatusSchema,
      signal: opts.signal,
    });
  const getScan = (scanId: string, opts: CallOptions = {}) =>
    request({
      method: 'GET',
      path: `scans/detail/${segment('scan id', scanId)}`,
      schema: scanTaskSchema,
      signal: opts.signal,
    });

  return {
    baseUrl,
    async launchScan(req, opts = {}) {
      const { endpoint, body } = toLaunchCall(req);
      const common = {
        method: 'POST' as const,
        path: endpoint,
        json: body,
        idempotent: false,
        signal: opts.signal,
      };
      if (endpoint === 'scans/new') {
        const scans = await request({ ...common, schema: scanTaskListSchema });
        return { endpoint, scan: scans[0] as ScanTask, scans };
      }
      const scan = await request({ ...common, schema: scanTaskSchema });
      return { endpoint, scan, scans: [scan] };
    },
    getScanStatus,
    getScan,
    getWebsite: (websiteId, opts = {}) =>
      request({
        method: 'GET',
        path: `websites/get/${segment('website id', websiteId)}`,
        schema: websiteSchema,
        signal: opts.signal,
      }),
    cancelScan: (scanId, opts = {}) =>
      request({
        method: 'POST',
        path: 'scans/cancel',
        json: requireId('scan id', scanId),
        schema: cancelResultSchema,
        signal: opts.signal,
      }),
    waitForCompletion: (scanId, opts = {}) =>
      waitForCompletion(getScanStatus, requireId('scan id', scanId), opts),
    listIssues: (scanId, opts = {}) =>
      listIssues(
        request,
        async (id, signal) => (await getScan(id, { signal })).WebsiteName,
        requireId('scan id', scanId),
        opts,
      ),
    getVulnerabilitiesReport: async (scanId, opts = {}) =>
      request({
        method: 'GET',
        path: 'scans/report/',
        searchParams: { id: requireId('scan id', scanId), type: 'Vulnerabilities', format: 'Json' },
        schema: (await import('./issue-schema.js')).vulnerabilitiesReportSchema,
        signal: opts.signal,
      }),
  };
}
