import { execFileSync } from 'node:child_process';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { need, spawnCli } from '@scanrelay/test-utils';
import { createWorker } from '@scanrelay/worker';
import { afterEach, describe, expect, it } from 'vitest';
import { type Backend, type Backends, openBackends, type Service, startService } from './support/harness.js';
import { client, waitFor } from './support/http.js';
import { TRIVY } from './support/service-suite.js';

const backends: Backend[] = ['sqlite'];
if (need('postgres') && need('redis')) backends.push('postgres');

describe.runIf(need('fixtures')).each(backends)('a worker killed mid-job (%s)', (backend) => {
  let b: Backends | undefined;
  let svc: Service | undefined;
  afterEach(async () => {
    await svc?.close();
    await b?.cleanup();
  });

  it('is restarted, finishes the job once, and the findings are written once', async () => {
    b = await openBackends(backend);
    svc = await startService(b, { worker: false });
    const acme = await b.store.tenants.getOrCreate('acme');
    const key = (await b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    const http = client(svc.url, key);
    const up = await http.upload({ path: TRIVY }, { project: 'crash' });
    expect(up.status).toBe(202);

    // Swap the stored report for a FIFO: the first worker blocks reading it, mid-job, until killed.
    const job = await b.store.jobs.getById(up.body.jobId);
    const stored = path.join(b.dataDir, 'uploads', (job!.input as { upload: string }).upload);
    renameSync(stored, `${stored}.real`);
    execFileSync('mkfifo', [stored]);

    const child = spawnCli(['worker', '--data-dir', b.dataDir], {
      env: { ...b.env, SCANRELAY_WORKER_LEASE_MS: '2000', SCANRELAY_LOG_LEVEL: 'error' },
    });
    await waitFor('the first worker to start reading', async () => {
      const lines = await b!.store.jobLogs.list(acme.id, up.body.jobId);
      return lines.some((l) => l.message.startsWith('reading '));
    });
    child.child.kill('SIGKILL');
    const killed = await child.done;
    expect(killed.signal).toBe('SIGKILL');
    expect((await http.get(`/api/v1/jobs/${up.body.jobId}`)).body).toMatchObject({
      status: 'running',
      attempts: 1,
    });

    rmSync(stored);
    renameSync(`${stored}.real`, stored);
    const worker = createWorker({
      store: b.store,
      queue: b.queue,
      dataDir: b.dataDir,
      leaseMs: 2000,
      pollMs: 50,
    });
    worker.start();
    try {
      const events = await http.events(up.body.jobId);
      const end = JSON.parse(events.at(-1)!.data);
      expect(end).toMatchObject({
        status: 'completed',
        attempts: 2,
        result: { created: 5, total: 5, replayed: false },
      });
      const messages = events
        .filter((e) => e.event === 'log')
        .map((e) => JSON.parse(e.data).message as string);
      expect(messages.filter((m) => / process-upload started$/.test(m))).toHaveLength(2);
      expect(messages.filter((m) => m.startsWith('ingested:'))).toHaveLength(1);
    } finally {
      await worker.close(5000);
    }
    const findings = await http.get('/api/v1/projects/crash/findings');
    expect(findings.body.items).toHaveLength(5);
    const scans = await http.get('/api/v1/scans?project=crash');
    expect(scans.body.items).toHaveLength(1);
  });
});
