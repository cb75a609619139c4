import path from 'node:path';
import { ingest } from '@scanrelay/core';
import { parseReport } from '@scanrelay/parsers';
import type { Store } from '@scanrelay/storage';
import { fixturesDir, waitFor } from '@scanrelay/test-utils';
import { type Backends, openBackends, type Service, startService } from './support/harness.js';
import { client } from './support/http.js';

/** Real reports (DefectDojo's samples): Trivy (critical to low, packages) and Semgrep (high to low, source). */
export const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');
const SEMGREP = path.join(fixturesDir, 'defectdojo/semgrep/many_vulns.json');
const SEMGREP_FEW = path.join(fixturesDir, 'defectdojo/semgrep/many_findings.json');
const TRIVY_K8S = path.join(fixturesDir, 'defectdojo/trivy/kubernetes.json');

/** The project every page test reads (tenant acme), and the other tenant's project. */
export const PROJECT = 'shop';
export const OTHER_PROJECT = 'rival-app';
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A finished upload: its job and the scan it ingested. */
interface UploadDone {
  jobId: string;
  scanId: string;
}

/** A `running` job that no worker handles: the test writes its log lines and ends it. */
interface RunningJob {
  id: string;
  log(line: string): Promise<void>;
  finish(): Promise<void>;
}

export interface DashboardBrowserFixture {
  /** The API and an in-process worker on loopback, `http://127.0.0.1:<port>`. */
  url: string;
  store: Store;
  tenants: { acme: string; other: string };
  /**
   * acme: `admin`, `triager` (read and triage: the dashboard's sign-in), `ci` (upload and read);
   * `other`: tenant other's admin.
   */
  keys: { admin: string; triager: string; ci: string; other: string };
  /** A JSON client of tenant acme with the admin key. */
  http: ReturnType<typeof client>;
  /** The upload of TRIVY into `shop` and the one into `rival-app` (tenant other). */
  seeded: { acme: UploadDone; other: UploadDone };
  /** POSTs `report` to /api/v1/upload and polls GET /api/v1/jobs/:id until the job completed. */
  uploadAndWait(report: string, project: string, key?: string): Promise<UploadDone>;
  /** A `running` job of acme. */
  runningJob(): Promise<RunningJob>;
  close(): Promise<void>;
}

/**
 * Ingests `report` through core as a scan that ran `daysAgo` days before now (started and completed
 * then, so that it counts on that day of a trend).
 */
async function ingestReport(store: Store, tenantId: string, report: string, daysAgo: number): Promise<void> {
  const parsed = await parseReport({ path: report });
  const startedAt = new Date(Date.now() - daysAgo * DAY_MS);
  const result = await ingest(store, {
    tenant: tenantId,
    project: PROJECT,
    scan: { provider: parsed.scanner, startedAt: startedAt.toISOString() },
    findings: parsed.findings,
    scanner: parsed.scanner,
    mode: 'merge',
  });
  const completedAt = new Date(startedAt.getTime() + 60_000).toISOString();
  await store.scans.update(tenantId, result.scanId, { completedAt });
}

/**
 * The service as `scanrelay serve` composes it (API and worker, SQLite and the embedded queue) on
 * loopback, with two tenants. acme's project `shop` holds Trivy and Semgrep findings of every
 * severity from scans completed on four different days (through core's ingest, then a real upload
 * the worker ingests), and an active blocklist entry; tenant other has `rival-app` from an upload.
 */
export async function startDashboardBrowserFixture(): Promise<DashboardBrowserFixture> {
  const backends: Backends = await openBackends('sqlite');
  const { store } = backends;
  const service: Service = await startService(backends);
  const acme = await store.tenants.getOrCreate('acme');
  const other = await store.tenants.getOrCreate('other');
  const keys = {
    admin: (await store.apiKeys.create(acme.id, { name: 'admin', scopes: ['admin'] })).key,
    triager: (await store.apiKeys.create(acme.id, { name: 'triager', scopes: ['read', 'triage'] })).key,
    ci: (await store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key,
    other: (await store.apiKeys.create(other.id, { name: 'admin', scopes: ['admin'] })).key,
  };

  async function uploadAndWait(report: string, project: string, key = keys.ci): Promise<UploadDone> {
    const http = client(service.url, key);
    const up = await http.upload({ path: report }, { project, scanner_type: 'auto' });
    if (up.status !== 202) throw new Error(`upload answered ${up.status}: ${JSON.stringify(up.body)}`);
    const jobId = up.body.jobId as string;
    const job = await waitFor(`job ${jobId} to end`, async () => {
      const got = await http.get(`/api/v1/jobs/${jobId}`);
      return ['completed', 'failed', 'dead'].includes(got.body.status) ? got.body : undefined;
    });
    if (job.status !== 'completed') throw new Error(`job ${jobId} ended ${JSON.stringify(job)}`);
    return { jobId, scanId: job.result?.scanId as string };
  }

  async function runningJob(): Promise<RunningJob> {
    const job = await store.jobs.create({ tenantId: acme.id, type: 'process-upload', input: {} });
    await store.jobs.update(job.id, { status: 'running', incrementAttempts: true, progress: 10 });
    return {
      id: job.id,
      log: async (line) => void (await store.jobLogs.append(job.id, line)),
      finish: async () => void (await store.jobs.update(job.id, { status: 'completed', progress: 100 })),
    };
  }

  await ingestReport(store, acme.id, TRIVY_K8S, 3);
  await ingestReport(store, acme.id, SEMGREP_FEW, 2);
  await ingestReport(store, acme.id, SEMGREP, 1);
  const seeded = {
    acme: await uploadAndWait(TRIVY, PROJECT),
    other: await uploadAndWait(TRIVY, OTHER_PROJECT, keys.other),
  };
  const shop = await store.projects.getByName(acme.id, PROJECT);
  await store.blocklist.upsert({
    tenantId: acme.id,
    projectId: shop!.id,
    reason: 'critical findings in the published package',
    severity: 'critical',
    threatType: 'malicious-code',
    evidence: { scan: 'manual review' },
    discoveredBy: 'dashboard-test',
  });

  return {
    url: service.url,
    store,
    tenants: { acme: acme.id, other: other.id },
    keys,
    http: client(service.url, keys.admin),
    seeded,
    uploadAndWait,
    runningJob,
    close: async () => {
      await service.close();
      await backends.cleanup();
    },
  };
}
