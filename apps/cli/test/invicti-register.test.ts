import path from 'node:path';
import { createApi, type ScanrelayApi } from '@scanrelay/api';
import { createSqliteQueue, type Queue } from '@scanrelay/queue';
import { createStore, type Store } from '@scanrelay/storage';
import { makeTempDir, runCli, waitFor } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { createWorker, type ScanrelayWorker } from '@scanrelay/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEAN_ENV } from './invicti-helpers.js';

// Issue 10, item 21 end to end: a fire-and-forget launch registers itself, no webhook ever arrives,
// and one sweep of the worker fetches the results once Invicti reports the scan done.

const TOKEN = 'tok-Register-7c1d';

describe('scanrelay invicti scan --fire-and-forget --register', () => {
  let tmp: { dir: string; cleanup: () => void };
  let fake: FakeInvicti;
  let store: Store;
  let queue: Queue;
  let api: ScanrelayApi;
  let worker: ScanrelayWorker;
  let url: string;
  let key: string;

  beforeAll(async () => {
    tmp = makeTempDir('scanrelay-register-');
    fake = await createFakeInvicti({ userId: 'cli-user', apiToken: TOKEN });
    store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
    queue = createSqliteQueue({ database: path.join(tmp.dir, 'queue.db') });
    api = createApi({ store, queue, config: { dataDir: tmp.dir } });
    url = (await api.start({ port: 0, host: '127.0.0.1' })).url;
    worker = createWorker({
      store,
      queue,
      dataDir: tmp.dir,
      invicti: { baseUrl: fake.url, userId: 'cli-user', apiToken: TOKEN },
      pollMs: 50,
      invictiSweep: { pollAfterMs: 0, intervalMs: 0 },
    });
    worker.start();
    const tenant = await store.tenants.getOrCreate('default');
    key = (await store.apiKeys.create(tenant.id, { name: 'ci', scopes: ['upload'] })).key;
  });

  afterAll(async () => {
    await api?.close({ timeoutMs: 10_000 });
    await worker?.close(5000);
    await queue?.close();
    await store?.close();
    await fake?.close();
    tmp?.cleanup();
  });

  const scan = (extraEnv: NodeJS.ProcessEnv, ...extra: string[]) =>
    runCli(
      [
        'invicti',
        'scan',
        '--url',
        fake.url,
        '--user-id',
        'cli-user',
        '--output-dir',
        tmp.dir,
        '--target-uri',
        'https://shop.example/',
        '--fire-and-forget',
        '--register',
        ...extra,
      ],
      {
        cwd: tmp.dir,
        env: { ...CLEAN_ENV, SCANRELAY_INVICTI_API_TOKEN: TOKEN, SCANRELAY_API_URL: url, ...extraEnv },
      },
    );

  it('registers the launch; the sweep fetches the findings without any webhook', async () => {
    fake.planNext({ issues: 4 });
    const res = await scan({ SCANRELAY_API_KEY: key }, '--project', 'shop');
    expect(res.code, res.stderr).toBe(0);
    const scanId = res.stdout.trim().toLowerCase();
    expect(res.stderr).toMatch(
      new RegExp(`registered with scanrelay at ${url} as scan [0-9a-f-]{36} of project shop`),
    );
    const tenant = (await store.tenants.getByName('default'))!;
    const registered = await store.scans.getByExternalId(tenant.id, 'invicti', scanId);
    expect(registered).toMatchObject({ status: 'running', project: 'shop', target: 'https://shop.example/' });

    fake.advance(60_000);
    expect((await worker.sweepInvicti())?.queued).toEqual([registered!.id]);
    const done = await waitFor('the swept scan to be ingested', async () => {
      const s = await store.scans.get(tenant.id, registered!.id);
      return s?.status === 'completed' ? s : undefined;
    });
    expect(done.ingest).toMatchObject({ created: 4, project: 'shop' });
    const findings = await store.findings.list(tenant.id, { scanId: registered!.id });
    expect(findings.items).toHaveLength(4);
    expect(fake.webhookDeliveries).toEqual([]);
  });

  it('launches nothing without an API key (exit 2), and says which variable to set', async () => {
    const before = fake.scans().length;
    const res = await scan({ SCANRELAY_API_KEY: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--register: no scanrelay API key; set SCANRELAY_API_KEY');
    expect(fake.scans()).toHaveLength(before);
  });

  it('exits 2 naming the launched scan when the service refuses the registration', async () => {
    const res = await scan({ SCANRELAY_API_KEY: 'sr_not_a_real_key_000000000000000000000000000' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /launched Invicti scan [0-9a-f-]{36}, but could not register it with scanrelay/,
    );
  });
});
