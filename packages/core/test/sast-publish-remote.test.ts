import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGitHubDispatcher } from '@scanrelay/dispatch';
import { createVerifier } from '@scanrelay/hmac-webhooks';
import { scanRequestSchema } from '@scanrelay/sast-runners';
import type { Store } from '@scanrelay/storage';
import { createFakeGitHub, type FakeGitHub } from '@scanrelay/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { publishProject } from '../src/sast/publish-project.js';
import { type SastConfigInput, sastConfigSchema } from '../src/sast/sast-config.js';
import type { SastDeps } from '../src/sast/sast-types.js';
import { backends } from './backends.js';

const REPO = 'https://github.com/acme/skill.git';
const CALLBACK = 'https://scanrelay.example.com/api/v1/webhooks/scan-results';
const CALLBACK_SECRET = 'callback-secret-0123456789abcdef';
const WORKER_SECRET = 'worker-secret-0123456789abcdef';
const lookup = async () => [{ address: '140.82.112.3', family: 4 }];
let n = 0;
const unique = () => `remote-${++n}-${Math.random().toString(36).slice(2, 8)}`;

/** A scanner worker stand-in: verifies the scanrelay signature of `POST /scan` and answers 202. */
async function startWorker(secrets: string[]) {
  const verifier = createVerifier({ scheme: 'scanrelay', secret: secrets, allowLegacy: false });
  const received: { path: string; verified: boolean; body: unknown }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const verified = verifier.verifySync(raw, req.headers).ok;
      received.push({ path: req.url ?? '', verified, body: JSON.parse(raw.toString('utf8')) });
      res.writeHead(verified ? 202 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(verified ? { status: 'accepted' } : { error: 'signature' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(
    `publishProject to GitHub and the scanner worker on ${backend.name}`,
    () => {
      let store: Store;
      let cleanup: () => Promise<void>;
      let tenantId: string;
      let gh: FakeGitHub;
      let worker: Awaited<ReturnType<typeof startWorker>>;
      beforeAll(async () => {
        ({ store, cleanup } = await backend.open());
        tenantId = (await store.tenants.getOrCreate('remote-tenant')).id;
        gh = await createFakeGitHub({ tokens: ['ghp_good'], repos: { 'acme/scans': ['external-scan.yml'] } });
        worker = await startWorker([WORKER_SECRET]);
      });
      afterAll(async () => {
        await gh?.close();
        await worker?.close();
        await cleanup?.();
      });
      beforeEach(() => {
        gh.dispatches.length = 0;
        worker.received.length = 0;
      });

      const github = () =>
        createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: async () => {} });
      const deps = (config: SastConfigInput, extra: Partial<SastDeps> = {}): SastDeps => ({
        store,
        config: sastConfigSchema.parse({
          callbackUrl: CALLBACK,
          callbackSecrets: [CALLBACK_SECRET],
          ...config,
        }),
        enqueue: (job) => store.jobs.create(job),
        outbound: {},
        lookup,
        github: github(),
        ...extra,
      });
      const onGitHub = (mode?: 'workflow_dispatch') => ({
        providers: [
          {
            provider: 'semgrep',
            backend: { kind: 'github', owner: 'acme', repo: 'scans', ...(mode ? { mode } : {}) },
          },
        ],
      });

      it('sends repository_dispatch external-scan with the scan in at most 10 client_payload keys', async () => {
        const project = unique();
        const answer = await publishProject(deps(onGitHub() as SastConfigInput), {
          tenantId,
          project,
          repoUrl: REPO,
          ref: 'main',
        });
        const scan = answer.scans[0]!;
        expect(scan).toMatchObject({ provider: 'semgrep', backend: 'github', status: 'pending' });
        expect(gh.dispatches).toHaveLength(1);
        const sent = gh.dispatches[0]!;
        expect(sent).toMatchObject({
          kind: 'repository_dispatch',
          owner: 'acme',
          repo: 'scans',
          eventType: 'external-scan',
        });
        expect(sent.inputs).toEqual({
          project,
          repo_url: REPO,
          ref: 'main',
          provider: 'semgrep',
          callback_url: CALLBACK,
          scan_id: scan.scanId,
          correlation_id: scan.scanId,
        });
        expect(Object.keys(sent.inputs).length).toBeLessThanOrEqual(10);
        expect(Buffer.byteLength(JSON.stringify(sent.inputs))).toBeLessThan(64 * 1024);
        expect(JSON.stringify(sent.inputs)).not.toContain(CALLBACK_SECRET);
        expect((await store.scans.get(tenantId, scan.scanId))?.status).toBe('pending');
      });

      it('sends workflow_dispatch at the configured ref, without a ref input when none was given, and keeps the run', async () => {
        const answer = await publishProject(deps(onGitHub('workflow_dispatch') as SastConfigInput), {
          tenantId,
          project: unique(),
          repoUrl: REPO,
        });
        const scan = answer.scans[0]!;
        const sent = gh.dispatches[0]!;
        expect(sent).toMatchObject({ kind: 'workflow_dispatch', workflow: 'external-scan.yml', ref: 'main' });
        expect(sent.inputs).not.toHaveProperty('ref');
        expect(sent.inputs).toMatchObject({ scan_id: scan.scanId, provider: 'semgrep' });
        expect(scan.runUrl).toBe(`https://github.com/acme/scans/actions/runs/${sent.runId}`);
        expect((await store.scans.get(tenantId, scan.scanId))?.externalId).toBe(String(sent.runId));
      });

      it('fails only the scans that cannot be sent, saying what to configure, and still sends the others', async () => {
        const config = {
          providers: [
            { provider: 'patterns' },
            { provider: 'semgrep', backend: { kind: 'github', owner: 'acme', repo: 'scans' } },
            { provider: 'bandit', backend: { kind: 'scanner-worker', url: worker.url } },
          ],
        } as SastConfigInput;
        const answer = await publishProject(deps(config, { github: undefined }), {
          tenantId,
          project: unique(),
          repoUrl: REPO,
        });
        const [local, onGh, onWorker] = answer.scans;
        expect(local).toMatchObject({ provider: 'patterns', status: 'pending' });
        expect(onGh).toMatchObject({ provider: 'semgrep', status: 'failed' });
        expect(onGh?.error).toContain('no GitHub dispatcher is configured');
        // The worker URL is loopback over http: the service's strict outbound rules refuse it.
        expect(onWorker).toMatchObject({ provider: 'bandit', status: 'failed' });
        expect(onWorker?.error).toContain('the scanner worker URL is refused');
        const failed = await store.scans.get(tenantId, onGh!.scanId);
        expect(failed).toMatchObject({ status: 'failed', statusDetail: onGh?.error });
        expect(worker.received).toHaveLength(0);

        const noCallback = deps({ ...onGitHub(), callbackUrl: undefined } as SastConfigInput);
        const again = await publishProject(noCallback, { tenantId, project: unique(), repoUrl: REPO });
        expect(again.scans[0]?.error).toContain('sast.callbackUrl is not set');
        expect(gh.dispatches).toHaveLength(0);
      });

      it('POSTs the scan request to the scanner worker, signed, in the body its strict schema accepts', async () => {
        const project = unique();
        const loopback = { allowHttp: true, allowPrivateUrls: true };
        const config = {
          providers: [
            {
              provider: 'bandit',
              backend: { kind: 'scanner-worker', url: worker.url, secret: WORKER_SECRET },
            },
          ],
        } as SastConfigInput;
        const answer = await publishProject(deps(config, { outbound: loopback }), {
          tenantId,
          project,
          repoUrl: REPO,
          ref: 'v2',
        });
        const scan = answer.scans[0]!;
        expect(scan).toMatchObject({ provider: 'bandit', backend: 'scanner-worker', status: 'pending' });
        expect(worker.received).toHaveLength(1);
        const got = worker.received[0]!;
        expect(got).toMatchObject({ path: '/scan', verified: true });
        expect(scanRequestSchema.parse(got.body)).toEqual({
          repoUrl: REPO,
          ref: 'v2',
          project,
          provider: 'bandit',
          callbackUrl: CALLBACK,
          scanId: scan.scanId,
        });

        // Without a backend secret the first callback secret signs: this worker does not know it.
        const unsigned = {
          providers: [{ provider: 'bandit', backend: { kind: 'scanner-worker', url: worker.url } }],
        } as SastConfigInput;
        const refused = await publishProject(deps(unsigned, { outbound: loopback }), {
          tenantId,
          project: unique(),
          repoUrl: REPO,
        });
        expect(refused.scans[0]).toMatchObject({ status: 'failed' });
        expect(refused.scans[0]?.error).toContain('refused the signature (401)');
        expect(refused.scans[0]?.error).not.toContain(CALLBACK_SECRET);
      });
    },
  );
}
