import { existsSync } from 'node:fs';
import { signRequest } from '@scanrelay/hmac-webhooks';
import type { SastResult, ScanRequest } from '@scanrelay/sast-runners';
import { makeTempDir, waitFor } from '@scanrelay/test-utils';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type ScanJobDeps, type ScannerWorker, startScannerWorker } from '../src/scanner-worker/index.js';

const SECRET = 'whsec_scanner-worker-test-secret';
const POLICY = { allowPrivateUrls: true, allowHttp: true };

/** A scan that waits until the test releases it (or the worker aborts it), recording its work dir. */
function gatedDeps() {
  const gates = new Map<string, () => void>();
  const workDirs = new Map<string, string>();
  const delivered: { result: SastResult; callbackUrl: string }[] = [];
  const deps: ScanJobDeps = {
    scan: (request, { workDir, signal }) =>
      new Promise((resolve, reject) => {
        workDirs.set(request.scanId, workDir);
        signal.addEventListener('abort', () => reject(signal.reason));
        gates.set(request.scanId, () => resolve(completedResult(request)));
      }),
    deliver: async (result, callbackUrl) => {
      delivered.push({ result, callbackUrl });
    },
  };
  return { deps, gates, workDirs, delivered };
}

function completedResult(request: ScanRequest): SastResult {
  const now = new Date().toISOString();
  return {
    ...request,
    commitSha: 'a'.repeat(40),
    tool: { name: 'patterns', version: '1' },
    startedAt: now,
    finishedAt: now,
    status: 'completed',
    counts: { critical: 0, high: 0, medium: 1, low: 0, info: 0 },
    verdict: 'pass',
    score: 95,
    findings: [],
  };
}

function scanBody(scanId: string, over: Partial<ScanRequest> = {}): ScanRequest {
  return {
    repoUrl: 'https://git.example.org/acme/widget.git',
    project: 'acme/widget',
    provider: 'patterns',
    callbackUrl: 'http://127.0.0.1:9/callback',
    scanId,
    ...over,
  };
}

function postScan(worker: ScannerWorker, body: unknown, opts: { secret?: string; timestamp?: number } = {}) {
  const signed = signRequest({ secret: opts.secret ?? SECRET, body, timestamp: opts.timestamp });
  return fetch(`${worker.url}/scan`, { method: 'POST', headers: signed.headers, body: signed.body });
}

interface Health {
  status: string;
  activeScans: number;
  maxConcurrent: number;
}

async function health(worker: ScannerWorker): Promise<Health> {
  return (await (await fetch(`${worker.url}/health`)).json()) as Health;
}

let worker: ScannerWorker | undefined;
const tmp = makeTempDir('scanner-worker-');
afterAll(() => tmp.cleanup());
afterEach(async () => {
  await worker?.close({ graceMs: 0, deliverGraceMs: 1000 });
  worker = undefined;
});

describe('scanner worker POST /scan and GET /health', () => {
  it('answers 202 at once, counts running scans, refuses the fourth with 429 and Retry-After', async () => {
    const { deps, gates, workDirs, delivered } = gatedDeps();
    worker = await startScannerWorker({ secret: SECRET, port: 0, deps, policy: POLICY, tmpRoot: tmp.dir });
    expect(await health(worker)).toEqual({ status: 'ok', activeScans: 0, maxConcurrent: 3 });

    for (const id of ['s-1', 's-2', 's-3']) {
      const res = await postScan(worker, scanBody(id));
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted', scanId: id });
    }
    expect(await health(worker)).toEqual({ status: 'ok', activeScans: 3, maxConcurrent: 3 });

    const refused = await postScan(worker, scanBody('s-4'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.json()).toMatchObject({ error: '3 scans are running, the limit is 3' });

    // Each scan ran in its own temporary directory, removed once the scan was over.
    await waitFor('three work dirs', () => workDirs.size === 3);
    const dir1 = workDirs.get('s-1') as string;
    expect(new Set(workDirs.values()).size).toBe(3);
    expect(existsSync(dir1)).toBe(true);
    gates.get('s-1')?.();
    await waitFor('s-1 delivered', () => delivered.length === 1);
    expect(existsSync(dir1)).toBe(false);
    expect(delivered[0]?.result).toMatchObject({ scanId: 's-1', status: 'completed', verdict: 'pass' });
    expect(delivered[0]?.callbackUrl).toBe('http://127.0.0.1:9/callback');
    await waitFor('a free slot', async () => (await health(worker as ScannerWorker)).activeScans === 2);

    // A slot is free again: the refused scan is accepted on retry.
    expect((await postScan(worker, scanBody('s-4'))).status).toBe(202);
    expect(await health(worker)).toEqual({ status: 'ok', activeScans: 3, maxConcurrent: 3 });
  });

  it('refuses a forged, a stale and a replayed request with 401, and never starts their scans', async () => {
    const { deps, workDirs } = gatedDeps();
    worker = await startScannerWorker({ secret: SECRET, port: 0, deps, policy: POLICY, tmpRoot: tmp.dir });

    const forged = await postScan(worker, scanBody('forged'), { secret: 'whsec_not-the-shared-secret' });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'webhook_signature_invalid' });

    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const stale = await postScan(worker, scanBody('stale'), { timestamp: tenMinutesAgo });
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: 'webhook_timestamp_out_of_range' });

    const unsigned = await fetch(`${worker.url}/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(scanBody('unsigned')),
    });
    expect(unsigned.status).toBe(401);

    // The body changed after signing: the exact bytes are what is signed.
    const signed = signRequest({ secret: SECRET, body: scanBody('tampered') });
    const altered = Buffer.from(signed.body).toString().replace('tampered', 'tamperee');
    const tampered = await fetch(`${worker.url}/scan`, {
      method: 'POST',
      headers: signed.headers,
      body: altered,
    });
    expect(tampered.status).toBe(401);

    const good = signRequest({ secret: SECRET, body: scanBody('once') });
    const first = await fetch(`${worker.url}/scan`, {
      method: 'POST',
      headers: good.headers,
      body: good.body,
    });
    expect(first.status).toBe(202);
    const replay = await fetch(`${worker.url}/scan`, {
      method: 'POST',
      headers: good.headers,
      body: good.body,
    });
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'webhook_replayed' });

    await waitFor('the accepted scan to start', () => workDirs.size === 1);
    expect([...workDirs.keys()]).toEqual(['once']);
    expect((await health(worker)).activeScans).toBe(1);
  });

  it('refuses a bad body and a private callback URL with 400 and the reason', async () => {
    const { deps, workDirs } = gatedDeps();
    worker = await startScannerWorker({ secret: SECRET, port: 0, deps, tmpRoot: tmp.dir });

    const noProvider = await postScan(worker, { ...scanBody('x'), provider: 'nmap' });
    expect(noProvider.status).toBe(400);
    const bad = (await noProvider.json()) as { issues: string[] };
    expect(bad.issues.join('\n')).toContain('provider');

    const metadata = 'http://169.254.169.254/latest/meta-data/';
    const linkLocal = await postScan(worker, scanBody('y', { callbackUrl: metadata }));
    expect(linkLocal.status).toBe(400);
    expect(((await linkLocal.json()) as { error: string }).error).toContain('callbackUrl refused');

    const loopback = await postScan(worker, scanBody('z', { callbackUrl: 'https://127.0.0.1/cb' }));
    expect(loopback.status).toBe(400);
    expect(((await loopback.json()) as { error: string }).error).toContain('127.0.0.1 is a private');
    expect(workDirs.size).toBe(0);
  });

  it('at shutdown stops accepting and waits for running scans to finish and deliver', async () => {
    const { deps, gates, workDirs, delivered } = gatedDeps();
    const started = await startScannerWorker({
      secret: SECRET,
      port: 0,
      deps,
      policy: POLICY,
      tmpRoot: tmp.dir,
    });
    expect((await postScan(started, scanBody('first'))).status).toBe(202);
    expect((await postScan(started, scanBody('second'))).status).toBe(202);
    await waitFor('both scans to start', () => workDirs.size === 2);

    const stopping = started.close({ graceMs: 120_000, deliverGraceMs: 5_000 });
    const during = await fetch(`${started.url}/health`);
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ status: 'stopping', activeScans: 2, maxConcurrent: 3 });
    expect((await postScan(started, scanBody('late'))).status).toBe(503);

    gates.get('first')?.();
    await waitFor('the first scan delivered', () => delivered.length === 1);
    const pending = await Promise.race([stopping.then(() => 'closed'), Promise.resolve('waiting')]);
    expect(pending).toBe('waiting');
    gates.get('second')?.();
    await stopping;
    expect(delivered.map((d) => [d.result.scanId, d.result.status])).toEqual([
      ['first', 'completed'],
      ['second', 'completed'],
    ]);
    expect(workDirs.has('late')).toBe(false);
  });

  it('reports a scan still running when the grace period ends as failed, with the reason', async () => {
    const { deps, workDirs, delivered } = gatedDeps();
    const started = await startScannerWorker({
      secret: SECRET,
      port: 0,
      deps,
      policy: POLICY,
      tmpRoot: tmp.dir,
    });
    expect((await postScan(started, scanBody('hangs'))).status).toBe(202);
    await waitFor('the scan to start', () => workDirs.size === 1);
    await started.close({ graceMs: 0, deliverGraceMs: 5_000 });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.result).toMatchObject({
      scanId: 'hangs',
      project: 'acme/widget',
      status: 'failed',
      error: 'the scanner worker shut down before the scan finished',
      verdict: 'fail',
      findings: [],
    });
    expect(existsSync(workDirs.get('hangs') as string)).toBe(false);
    expect(started.activeScans).toBe(0);
  });
});
