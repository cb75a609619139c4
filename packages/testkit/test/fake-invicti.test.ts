import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeInvicti, type FakeInvicti } from '../src/index.js';

const fakes: FakeInvicti[] = [];
const servers: ServerType[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(opts: Parameters<typeof createFakeInvicti>[0] = {}) {
  const fake = await createFakeInvicti(opts);
  fakes.push(fake);
  const auth = `Basic ${Buffer.from(`${fake.credentials.userId}:${fake.credentials.apiToken}`).toString('base64')}`;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${fake.url}/api/1.0/${path}`, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      headers: res.headers,
      // biome-ignore lint/suspicious/noExplicitAny: tests assert on the fake's arbitrary JSON answers
      body: (await res.json().catch(() => undefined)) as any,
    };
  };
  return { fake, call };
}

/** A receiver that records what it gets. */
async function receiver() {
  const got: { method: string; headers: Record<string, string>; body: string }[] = [];
  const app = new Hono();
  app.all('/hook', async (c) => {
    got.push({
      method: c.req.method,
      headers: Object.fromEntries(c.req.raw.headers),
      body: await c.req.text(),
    });
    return c.body(null, 204);
  });
  const port = await new Promise<number>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (i) => resolve(i.port));
    servers.push(s);
  });
  return { url: `http://127.0.0.1:${port}/hook`, got };
}

describe('fake Invicti', () => {
  it('refuses requests without the right Basic credentials', async () => {
    const { fake } = await start({ userId: 'me', apiToken: 'secret' });
    const none = await fetch(`${fake.url}/api/1.0/scans/status/x`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="Invicti"');
    expect(await none.json()).toEqual({ Message: 'Authorization has been denied for this request.' });
    const wrong = await fetch(`${fake.url}/api/1.0/scans/status/x`, {
      headers: { authorization: `Basic ${Buffer.from('me:nope').toString('base64')}` },
    });
    expect(wrong.status).toBe(401);
    expect(fake.requests.map((r) => r.authorized)).toEqual([false, false]);
  });

  it('moves a scan through Queued, Scanning, Archiving, Complete on its clock', async () => {
    const { fake, call } = await start({
      plan: { queuedMs: 1000, scanningMs: 4000, archivingMs: 1000, issues: 5 },
    });
    const launched = await call('POST', 'scans/newwithprofile', {
      ProfileName: 'Default',
      TargetUri: 'https://app.example.com/',
    });
    expect(launched.status).toBe(201);
    const id = launched.body.Id as string;
    const states: string[] = [];
    for (const step of [0, 1000, 2000, 2000, 1000, 5000]) {
      fake.advance(step);
      const s = await call('GET', `scans/status/${id}`);
      states.push(`${s.body.State}:${s.body.CompletedSteps}`);
    }
    expect(states).toEqual([
      'Queued:0',
      'Scanning:0',
      'Scanning:50',
      'Archiving:100',
      'Complete:100',
      'Complete:100',
    ]);
    const detail = await call('GET', `scans/detail/${id}`);
    expect(detail.body).toMatchObject({
      State: 'Complete',
      IsCompleted: true,
      Phase: 'Complete',
      WebsiteName: 'app.example.com',
      TotalVulnerabilityCount: 4,
    });
    expect(detail.body.VulnerabilityCriticalCount).toBe(1);
    expect(detail.body.VulnerabilityInfoCount).toBe(1);
  });

  it('answers scans/new with an array and validates the body as Invicti does', async () => {
    const { call } = await start({ profiles: ['Nightly'] });
    const ok = await call('POST', 'scans/new', { TargetUri: 'https://a.example.com/' });
    expect(ok.status).toBe(201);
    expect(Array.isArray(ok.body)).toBe(true);
    expect((await call('POST', 'scans/new', {})).body).toEqual({
      Message: expect.stringMatching(/^TargetUri/),
    });
    expect(
      (await call('POST', 'scans/new', { TargetUri: 'https://a.example.com/', PolicyId: 'nope' })).status,
    ).toBe(400);
    const unknownProfile = await call('POST', 'scans/newwithprofile', {
      TargetUri: 'https://a.example.com/',
      ProfileName: 'Weekly',
    });
    expect(unknownProfile).toMatchObject({
      status: 400,
      body: { Message: "Could not find a scan profile named 'Weekly'." },
    });
  });

  it('accepts only registered websites when given, and serves websites/get', async () => {
    const { call } = await start({
      websites: [
        { Id: 'a1b2c3d4-0000-4000-8000-000000000001', Name: 'Shop', RootUrl: 'https://shop.example.com/' },
      ],
    });
    expect((await call('POST', 'scans/new', { TargetUri: 'https://elsewhere.example.com/' })).status).toBe(
      400,
    );
    const ok = await call('POST', 'scans/new', { TargetUri: 'https://shop.example.com/cart/' });
    expect(ok.body[0].WebsiteName).toBe('Shop');
    const site = await call('GET', 'websites/get/A1B2C3D4-0000-4000-8000-000000000001');
    expect(site.body).toMatchObject({ Name: 'Shop', RootUrl: 'https://shop.example.com/' });
  });

  it('pages issues/allissues with the documented envelope and limits', async () => {
    const { fake, call } = await start({ plan: { queuedMs: 0, scanningMs: 0, archivingMs: 0, issues: 45 } });
    await call('POST', 'scans/new', { TargetUri: 'https://p.example.com/' });
    fake.seedIssues({ id: 'e2a3b6a0-0000-4000-8000-000000000000', targetUrl: 'https://q.example.com/' }, 5);
    const first = await call('GET', 'issues/allissues?page=1&pageSize=20&webSiteName=p.example.com');
    expect(first.body).toMatchObject({
      PageNumber: 1,
      PageSize: 20,
      PageCount: 3,
      TotalItemCount: 45,
      HasNextPage: true,
      IsFirstPage: true,
      FirstItemOnPage: 1,
      LastItemOnPage: 20,
    });
    const last = await call('GET', 'issues/allissues?page=3&pageSize=20&webSiteName=p.example.com');
    expect(last.body).toMatchObject({
      HasNextPage: false,
      IsLastPage: true,
      FirstItemOnPage: 41,
      LastItemOnPage: 45,
    });
    expect(last.body.List).toHaveLength(5);
    expect((await call('GET', 'issues/allissues?pageSize=200')).body.TotalItemCount).toBe(50);
    expect((await call('GET', 'issues/allissues?severity=Critical')).body.TotalItemCount).toBe(9);
    expect((await call('GET', 'issues/allissues?pageSize=201')).status).toBe(400);
  });

  it('routes without regard to case or a trailing slash, and cancels with the documented answers', async () => {
    const { call } = await start();
    const { body } = await call('POST', 'Scans/NewWithProfile/', {
      ProfileName: 'p',
      TargetUri: 'https://c.example.com/',
    });
    expect(await call('POST', 'scans/cancel', body.Id)).toMatchObject({ body: 'Ok' });
    expect((await call('GET', `scans/status/${body.Id}`)).body.State).toBe('Cancelled');
    expect((await call('POST', 'scans/cancel', body.Id)).body).toBe('ScanCancelled');
    expect((await call('POST', 'scans/cancel', 'f00dbabe-0000-4000-8000-000000000000')).body).toBe(
      'ScanNotFound',
    );
    const second = await call('POST', 'scans/new', { TargetUri: 'https://c.example.com/' });
    const form = await fetch(`${fakes[0]?.url}/api/1.0/scans/cancel`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('fake-user-id:fake-api-token').toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: `=${second.body[0].Id}`,
    });
    expect(await form.json()).toBe('Ok');
  });

  it('injects 429 with Retry-After, 500, slow and malformed answers on request', async () => {
    const { fake, call } = await start();
    fake.failNext(429, { retryAfter: 7, path: 'scans/status' });
    fake.malformNext({ path: 'scans/detail', body: 'truncated' });
    const limited = await call('GET', 'scans/status/x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('GET', 'scans/status/x')).status).toBe(404);
    const broken = await fetch(`${fake.url}/api/1.0/scans/detail/x`, {
      headers: { authorization: `Basic ${Buffer.from('fake-user-id:fake-api-token').toString('base64')}` },
    });
    expect(broken.status).toBe(200);
    expect(await broken.text()).toBe('{"Id":"5f1c3e0a-4c2b-4d8e-9f7a-');
    fake.failNext(500, { count: 2 });
    expect([
      (await call('GET', 'scans/status/x')).status,
      (await call('GET', 'scans/status/x')).status,
    ]).toEqual([500, 500]);
  });

  it('sends the scan-completed webhook with Basic auth, custom headers and keys, carrying the scan id', async () => {
    const hook = await receiver();
    const { fake, call } = await start({
      plan: { queuedMs: 0, scanningMs: 1000, archivingMs: 0, issues: 2 },
      webhook: {
        url: hook.url,
        username: 'hook-user',
        password: 'hook-pass',
        headers: { 'x-tenant': 'acme' },
        issueKey: 'Data',
        events: ['ScanCompleted', 'ScanFailed'],
      },
    });
    const { body } = await call('POST', 'scans/new', { TargetUri: 'https://h.example.com/' });
    expect(hook.got).toHaveLength(0);
    fake.advance(1000);
    await fake.flushWebhooks();
    expect(hook.got).toHaveLength(1);
    const got = hook.got[0];
    expect(got?.method).toBe('POST');
    expect(got?.headers.authorization).toBe(`Basic ${Buffer.from('hook-user:hook-pass').toString('base64')}`);
    expect(got?.headers['x-tenant']).toBe('acme');
    const payload = JSON.parse(got?.body ?? '{}');
    expect(payload.Title).toBe('Scan Completed: https://h.example.com/');
    expect(payload.Data).toMatchObject({
      Event: 'ScanCompleted',
      ScanId: body[0].Id,
      State: 'Complete',
      IssueCount: 2,
    });
    expect(fake.webhookDeliveries).toMatchObject([
      { event: 'ScanCompleted', status: 204, scanId: body[0].Id },
    ]);
  });

  it('sends form-encoded webhooks and only for the configured events', async () => {
    const hook = await receiver();
    const { fake, call } = await start({
      plan: { outcome: 'Failed', queuedMs: 0, scanningMs: 10 },
      webhook: { url: hook.url, parameterType: 'Form' },
    });
    await call('POST', 'scans/new', { TargetUri: 'https://h.example.com/' });
    fake.advance(10);
    await fake.flushWebhooks();
    expect(hook.got).toHaveLength(0);
    fake.configureWebhook({ url: hook.url, parameterType: 'Form', events: ['ScanFailed'] });
    await call('POST', 'scans/new', { TargetUri: 'https://h.example.com/' });
    fake.advance(10);
    await fake.flushWebhooks();
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(hook.got[0]?.body);
    expect(JSON.parse(form.get('Issue') ?? '{}')).toMatchObject({ Event: 'ScanFailed', State: 'Failed' });
  });

  it('serves the JSON vulnerabilities report once the scan is complete', async () => {
    const { fake, call } = await start({ plan: { queuedMs: 0, scanningMs: 100, archivingMs: 0, issues: 3 } });
    const { body } = await call('POST', 'scans/new', { TargetUri: 'https://r.example.com/' });
    const id = body[0].Id as string;
    expect((await call('GET', `scans/report/?id=${id}&type=Vulnerabilities&format=Json`)).status).toBe(400);
    fake.advance(100);
    const report = await call('GET', `scans/report?Id=${id}&Type=Vulnerabilities&Format=Json`);
    expect(report.body.Target.ScanId).toBe(id.replace(/-/g, ''));
    expect(report.body.Vulnerabilities.map((v: { Name: string }) => v.Name)).toEqual([
      'SQL Injection',
      'Cross-site Scripting',
      'Out-of-date Version (jQuery)',
    ]);
  });
});
