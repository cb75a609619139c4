import type { DispatchRequest } from '@scanrelay/dispatch';
import type { JobInput, Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvictiCompletion,
  INVICTI_TRIGGER_SOURCES,
  invictiDispatchCorrelationId,
  invictiFetchJobId,
} from '../src/index.js';
import { backends } from './backends.js';

const scan = () => crypto.randomUUID();

for (const backend of backends) {
  describe.runIf(backend.enabled)(`the Invicti completion flow on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup?.());

    describe('mode worker', () => {
      const queued: (JobInput & { id: string })[] = [];
      let refuse = false;
      const flow = () =>
        createInvictiCompletion({
          store,
          config: { mode: 'worker', tenant: 'invicti-tenant' },
          enqueue: async (job) => {
            if (refuse) throw new Error('queue down');
            queued.push(job);
          },
        });

      it('queues one fetch job per scan, under its stable job id', async () => {
        const scanId = scan();
        const completion = flow();
        const first = await completion.accept({ scanId, project: 'web', deliveryId: `d-${scanId}` });
        const tenantId = (await store.tenants.getOrCreate('invicti-tenant')).id;
        expect(first).toEqual({ duplicate: false, jobId: invictiFetchJobId(tenantId, scanId) });
        expect(queued.at(-1)).toMatchObject({
          id: first.jobId,
          tenantId,
          type: 'fetch-invicti-issues',
          input: { scanId, project: 'web', deliveryId: `d-${scanId}` },
        });
        expect(await completion.accept({ scanId, project: 'web', deliveryId: `d-${scanId}` })).toEqual({
          duplicate: true,
        });
        expect(await completion.accept({ scanId, project: 'web', deliveryId: 'another' })).toEqual({
          duplicate: true,
        });
        expect(queued.filter((j) => j.id === first.jobId)).toHaveLength(1);
        expect(await store.deliveries.get(INVICTI_TRIGGER_SOURCES.delivery, 'another')).toMatchObject({
          outcome: 'replayed',
        });
      });

      it('files every scan of one flow under its own project, a known project reused', async () => {
        const completion = flow();
        const tenantId = (await store.tenants.getOrCreate('invicti-tenant')).id;
        const scans = [
          { scanId: scan(), project: 'shop' },
          { scanId: scan(), project: 'shop' },
          { scanId: scan(), project: 'blog' },
          { scanId: scan(), project: 'shop' },
        ];
        for (const s of scans) await completion.accept({ ...s, deliveryId: `p-${s.scanId}` });
        const stored = await Promise.all(
          scans.map((s) => store.scans.getByExternalId(tenantId, 'invicti', s.scanId)),
        );
        const shop = (await store.projects.getByName(tenantId, 'shop'))!;
        const blog = (await store.projects.getByName(tenantId, 'blog'))!;
        expect(stored.map((s) => [s?.project, s?.projectId])).toEqual([
          ['shop', shop.id],
          ['shop', shop.id],
          ['blog', blog.id],
          ['shop', shop.id],
        ]);
        expect(stored[0]).toMatchObject({ provider: 'invicti', kind: 'dast', status: 'running' });
      });

      it('marks the trigger failed when the queue refuses, so that the retry queues the job', async () => {
        const scanId = scan();
        refuse = true;
        await expect(flow().accept({ scanId, project: 'web', deliveryId: `r-${scanId}` })).rejects.toThrow(
          'queue down',
        );
        refuse = false;
        expect(await store.deliveries.get(INVICTI_TRIGGER_SOURCES.scan, scanId)).toMatchObject({
          outcome: 'failed',
        });
        const retry = await flow().accept({ scanId, project: 'web', deliveryId: `r-${scanId}` });
        expect(retry.duplicate).toBe(false);
        expect(queued.filter((j) => j.id === retry.jobId)).toHaveLength(1);
      });
    });

    describe('mode workflow', () => {
      const sent: DispatchRequest[] = [];
      const tasks: Promise<void>[] = [];
      let fail = false;
      const completion = () =>
        createInvictiCompletion({
          store,
          config: {
            mode: 'workflow',
            tenant: 'invicti-tenant',
            workflow: { owner: 'acme', repo: 'security', workflow: 'fetch-invicti-results.yml', ref: 'main' },
          },
          enqueue: async () => {
            throw new Error('not in workflow mode');
          },
          dispatcher: {
            async dispatch(request) {
              if (fail) throw new Error('GitHub answered 502');
              sent.push(request);
              return { correlationId: request.correlationId ?? '' };
            },
          },
          background: (task) => void tasks.push(task()),
        });

      it('dispatches the workflow once per scan with only the scan id, then records it accepted', async () => {
        const scanId = scan();
        const flow = completion();
        expect(await flow.accept({ scanId, project: 'web', deliveryId: `w-${scanId}` })).toEqual({
          duplicate: false,
        });
        await Promise.all(tasks);
        expect(sent.at(-1)).toEqual({
          target: {
            kind: 'workflow_dispatch',
            owner: 'acme',
            repo: 'security',
            workflow: 'fetch-invicti-results.yml',
            ref: 'main',
          },
          payload: { scan_id: scanId },
          correlationId: invictiDispatchCorrelationId(scanId),
        });
        expect(await store.deliveries.get(INVICTI_TRIGGER_SOURCES.scan, scanId)).toMatchObject({
          outcome: 'accepted',
        });
        expect(await flow.accept({ scanId, project: 'web', deliveryId: 'again' })).toEqual({
          duplicate: true,
        });
      });

      it('lets the sender retry after a failed dispatch', async () => {
        const scanId = scan();
        fail = true;
        await completion().accept({ scanId, project: 'web', deliveryId: `f-${scanId}` });
        await Promise.all(tasks);
        fail = false;
        expect(await store.deliveries.get(INVICTI_TRIGGER_SOURCES.scan, scanId)).toMatchObject({
          outcome: 'failed',
        });
        expect(await completion().accept({ scanId, project: 'web', deliveryId: `f-${scanId}` })).toEqual({
          duplicate: false,
        });
        await Promise.all(tasks);
        expect(sent.filter((r) => r.payload.scan_id === scanId)).toHaveLength(1);
      });

      it('refuses to start without a dispatcher', () => {
        expect(() =>
          createInvictiCompletion({
            store,
            config: { mode: 'workflow', tenant: 't' },
            enqueue: async () => {},
          }),
        ).toThrow(TypeError);
      });
    });
  });
}
