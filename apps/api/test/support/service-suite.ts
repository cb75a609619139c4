import path from 'node:path';
import type { Dispatcher, DispatchRequest } from '@scanrelay/dispatch';
import { fixturesDir } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Backend, type Backends, openBackends, type Service, startService } from './harness.js';
import type { client } from './http.js';

export const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');
export const SEMGREP = path.join(fixturesDir, 'defectdojo/semgrep/many_vulns.json');
export const WEBHOOK_TOKEN = 'whk_test_token_0123456789abcdef';
const WEBHOOK_SECRET = 'whsec_test_secret_0123456789abcd';

/** What the service suite's cases share: the backends, the running service, the fake Invicti and API keys. */
export interface SuiteContext {
  backend: Backend;
  b: Backends;
  svc: Service;
  invicti: FakeInvicti;
  keyA: string;
  keyReadOnly: string;
  keyB: string;
}

/** Starts the service on `backend` before the suite and stops it after; fields are set once beforeAll ran. */
export function useSuiteService(backend: Backend): SuiteContext {
  const ctx = { backend } as SuiteContext;
  beforeAll(async () => {
    ctx.b = await openBackends(backend);
    ctx.invicti = await createFakeInvicti();
    ctx.svc = await startService(ctx.b, {
      config: {
        limits: { uploadBytes: 256 * 1024 },
        invictiWebhook: {
          tokens: [WEBHOOK_TOKEN],
          secrets: [WEBHOOK_SECRET],
          tenant: 'acme',
          project: 'website',
        },
      },
      invicti: { baseUrl: ctx.invicti.url, userId: 'fake-user-id', apiToken: 'fake-api-token' },
    });
    const acme = await ctx.b.store.tenants.getOrCreate('acme');
    const other = await ctx.b.store.tenants.getOrCreate('other');
    ctx.keyA = (await ctx.b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    ctx.keyReadOnly = (await ctx.b.store.apiKeys.create(acme.id, { name: 'dash', scopes: ['read'] })).key;
    ctx.keyB = (
      await ctx.b.store.apiKeys.create(other.id, { name: 'ci', scopes: ['upload', 'read', 'admin'] })
    ).key;
  });

  afterAll(async () => {
    await ctx.svc?.close();
    await ctx.invicti?.close();
    await ctx.b?.cleanup();
  });
  return ctx;
}

/** Uploads a report and follows its job log to the end. */
export async function uploadAndWait(
  http: ReturnType<typeof client>,
  report: { path: string },
  fields: Record<string, string>,
) {
  const up = await http.upload(report, fields);
  expect(up.status, JSON.stringify(up.body)).toBe(202);
  const events = await http.events(up.body.jobId);
  const end = events.at(-1)!;
  expect(end.event).toBe('end');
  return { jobId: up.body.jobId as string, events, job: JSON.parse(end.data) };
}

/** A Dispatcher that records what it was asked to send. */
export function recordingDispatcher(): Dispatcher & { requests: DispatchRequest[] } {
  const requests: DispatchRequest[] = [];
  return {
    requests,
    async dispatch(request) {
      requests.push(request);
      return { correlationId: request.correlationId ?? 'none' };
    },
  };
}
