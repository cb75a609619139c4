import { signRequest } from '@scanrelay/hmac-webhooks';
import { createInvictiClient } from '@scanrelay/invicti-client';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, openBackends, type Service, startService } from './support/harness.js';
import { client, waitFor } from './support/http.js';
import { recordingDispatcher } from './support/service-suite.js';

const TOKEN = 'whk_workflow_token_0123456789';
const SECRET = 'whsec_workflow_secret_012345678';
const PATH = '/api/v1/webhooks/invicti-scan-complete';

describe('Invicti webhook in workflow mode', () => {
  let b: Backends;
  let svc: Service;
  let invicti: FakeInvicti;
  const dispatcher = recordingDispatcher();
  let failNext = false;
  const flaky = {
    async dispatch(request: Parameters<typeof dispatcher.dispatch>[0]) {
      if (failNext) {
        failNext = false;
        throw new Error('GitHub answered 502');
      }
      return dispatcher.dispatch(request);
    },
  };

  beforeAll(async () => {
    b = await openBackends('sqlite');
    invicti = await createFakeInvicti();
    svc = await startService(b, {
      worker: false,
      dispatcher: flaky,
      config: {
        invictiWebhook: {
          mode: 'workflow',
          tokens: [TOKEN],
          secrets: [SECRET],
          workflow: { owner: 'acme', repo: 'security', ref: 'main' },
        },
      },
    });
  });

  afterAll(async () => {
    await svc?.close();
    await invicti?.close();
    await b?.cleanup();
  });

  it('dispatches fetch-invicti-results.yml with only the scan id when the fake Invicti fires (form body, Basic auth)', async () => {
    invicti.configureWebhook({
      url: `${svc.url}${PATH}`,
      parameterType: 'Form',
      username: 'invicti',
      password: TOKEN,
    });
    const inv = createInvictiClient({
      baseUrl: invicti.url,
      userId: 'fake-user-id',
      apiToken: 'fake-api-token',
    });
    const launched = await inv.launchScan({ targetUri: 'https://shop.example/' });
    invicti.advance(60_000);
    await invicti.flushWebhooks();
    expect(invicti.webhookDeliveries.at(-1)).toMatchObject({ scanId: launched.scan.Id, status: 202 });
    const sent = await waitFor('the dispatch', () => dispatcher.requests[0]);
    expect(sent.target).toEqual({
      kind: 'workflow_dispatch',
      owner: 'acme',
      repo: 'security',
      workflow: 'fetch-invicti-results.yml',
      ref: 'main',
    });
    expect(sent.payload).toEqual({ scan_id: launched.scan.Id.toLowerCase() });
  });

  it('accepts a signed delivery once: a replay and a second delivery for the same scan dispatch nothing more', async () => {
    const scanId = crypto.randomUUID();
    const before = dispatcher.requests.length;
    const signed = signRequest({ secret: SECRET, body: { ScanId: scanId } });
    const http = client(svc.url);
    const first = await http.post(PATH, Buffer.from(signed.body), signed.headers);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({
      accepted: true,
      duplicate: false,
      scanId,
      mode: 'workflow',
      deliveryId: signed.deliveryId,
    });
    await waitFor('the dispatch', () => dispatcher.requests.length === before + 1);
    const replay = await http.post(PATH, Buffer.from(signed.body), signed.headers);
    expect(replay.body).toMatchObject({ duplicate: true });
    const other = await http.postJson(
      PATH,
      { Issue: { LatestScanId: scanId } },
      { authorization: `Bearer ${TOKEN}`, 'x-delivery-id': 'd-2' },
    );
    expect(other.body).toMatchObject({ duplicate: true });
    await svc.api.close();
    expect(dispatcher.requests.filter((r) => r.payload.scan_id === scanId)).toHaveLength(1);
    svc = await startService(b, {
      worker: false,
      dispatcher: flaky,
      config: {
        invictiWebhook: {
          mode: 'workflow',
          tokens: [TOKEN],
          secrets: [SECRET],
          workflow: { owner: 'acme', repo: 'security' },
        },
      },
    });
  });

  it('refuses a signature made with another secret', async () => {
    const signed = signRequest({
      secret: 'whsec_some_other_secret_0000000',
      body: { ScanId: crypto.randomUUID() },
    });
    const res = await client(svc.url).post(PATH, Buffer.from(signed.body), signed.headers);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/signature_mismatch/);
  });

  it('lets the sender retry after a failed dispatch', async () => {
    const scanId = crypto.randomUUID();
    const http = client(svc.url);
    failNext = true;
    const first = await http.postJson(
      `${PATH}?scanId=${scanId}`,
      {},
      { authorization: `Bearer ${TOKEN}`, 'x-delivery-id': 'retry-1' },
    );
    expect(first.status).toBe(202);
    await waitFor(
      'the failure to be recorded',
      async () => (await b.store.deliveries.get('invicti-scan', scanId))?.outcome === 'failed',
    );
    const retry = await http.postJson(
      `${PATH}?scanId=${scanId}`,
      {},
      { authorization: `Bearer ${TOKEN}`, 'x-delivery-id': 'retry-1' },
    );
    expect(retry.body).toMatchObject({ accepted: true, duplicate: false });
    await waitFor('the dispatch', () => dispatcher.requests.some((r) => r.payload.scan_id === scanId));
    // The outcome is written in the background after the dispatcher returns: wait for it too.
    await waitFor(
      'the dispatch to be recorded as accepted',
      async () => (await b.store.deliveries.get('invicti-scan', scanId))?.outcome === 'accepted',
    );
    expect(dispatcher.requests.filter((r) => r.payload.scan_id === scanId)).toHaveLength(1);
  });
});
