import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../src/dashboard/dashboard-context.js';
import { browser, csrfOf, type DashboardFixture, startDashboardFixture } from './dashboard-pages-fixture.js';

function expectDashboardHeaders(res: Response): void {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
      "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  expect(DASHBOARD_CSP).toBe(res.headers.get('content-security-policy'));
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('dashboard sign-in, sessions and CSRF', () => {
  let f: DashboardFixture;
  beforeAll(async () => {
    f = await startDashboardFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('sends a signed-out browser to /login with the page to come back to', async () => {
    const b = browser(f.url);
    const home = await b.request('/dashboard');
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login');
    const page = await b.request('/dashboard/projects/shop?severity=high');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/dashboard/projects/shop?severity=high')}`,
    );
    const form = await b.request('/login?next=%2Fdashboard%2Fprojects%2Fshop');
    expect(form.status).toBe(200);
    expectDashboardHeaders(form);
    const html = await form.text();
    expect(html).toContain('<label for="key">API key</label>');
    expect(html).toMatch(/<input id="key" name="key" type="password" required/);
    expect(html).toContain('<input type="hidden" name="next" value="/dashboard/projects/shop"/>');
    expect(html).not.toContain('Sign out');
  });

  it('signs in with a read key: an HttpOnly SameSite=Strict session cookie and 303 to next', async () => {
    const b = browser(f.url);
    const res = await b.signIn(f.keys.read, '/dashboard/projects/shop');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/projects/shop');
    const cookie = b.jar.lastSetCookie.find((l) => l.startsWith('scanrelay_session='));
    expect(cookie).toMatch(/^scanrelay_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    // Plain http on loopback: no Secure flag (a browser would drop the cookie).
    expect(cookie).not.toMatch(/; Secure/);
    const page = await b.request('/dashboard/projects/shop');
    expect(page.status).toBe(200);
    expectDashboardHeaders(page);
    expect(await page.text()).toContain('<h1>Project shop</h1>');
  });

  it('refuses a wrong key, a key without read, and a missing or wrong login token', async () => {
    for (const key of ['sr_not_a_key_at_all', f.keys.upload]) {
      const b = browser(f.url);
      const res = await b.signIn(key);
      expect(res.status).toBe(401);
      expectDashboardHeaders(res);
      const html = await res.text();
      expect(html).toContain('That API key was not accepted.');
      expect(html).toContain('<form method="post" action="/login"');
      expect(b.jar.cookies.has('scanrelay_session')).toBe(false);
    }
    const b = browser(f.url);
    await b.request('/login');
    const noToken = await b.postForm('/login', { key: f.keys.read });
    expect(noToken.status).toBe(403);
    const wrongToken = await b.postForm('/login', { key: f.keys.read, _csrf: 'x'.repeat(43) });
    expect(wrongToken.status).toBe(403);
    // The token of another browser does not work without its cookie.
    const stranger = browser(f.url);
    const token = csrfOf(await (await stranger.request('/login')).text());
    expect((await browser(f.url).postForm('/login', { key: f.keys.read, _csrf: token })).status).toBe(403);
    expect(b.jar.cookies.has('scanrelay_session')).toBe(false);
  });

  it('never redirects after sign-in to anything but a dashboard path', async () => {
    for (const next of ['https://evil.test/dashboard', '//evil.test/dashboard', '/\\evil.test', '/login']) {
      const b = browser(f.url);
      const res = await b.signIn(f.keys.read, next);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/dashboard');
    }
  });

  it('refuses a form POST without the CSRF token (403) and changes nothing', async () => {
    const b = browser(f.url);
    await b.signIn(f.keys.admin);
    const id = f.ids['js.eval']!;
    for (const form of [{}, { _csrf: 'wrong' }] as Record<string, string>[]) {
      const res = await b.postForm(`/dashboard/findings/${id}/triage`, {
        ...form,
        status: 'false-positive',
        reason: 'not reachable',
      });
      expect(res.status).toBe(403);
      expectDashboardHeaders(res);
      expect(await res.text()).toContain('<h1>Form refused</h1>');
    }
    const json = await fetch(`${f.url}/api/v1/findings/${id}`, {
      headers: { authorization: `Bearer ${f.keys.admin}` },
    });
    expect(((await json.json()) as { status: string }).status).toBe('open');
    const huge = await b.postForm(`/dashboard/findings/${id}/triage`, { reason: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    const logout = await b.postForm('/logout', {});
    expect(logout.status).toBe(403);
    expect((await b.request('/dashboard')).status).toBe(200);
  });

  it('signs out: the session ends, the cookie is cleared, the old cookie no longer opens pages', async () => {
    const b = browser(f.url);
    await b.signIn(f.keys.read);
    const oldCookie = b.jar.header();
    const home = await b.request('/dashboard');
    const res = await b.postForm('/logout', { _csrf: csrfOf(await home.text()) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login');
    expect(b.jar.lastSetCookie.find((l) => l.startsWith('scanrelay_session='))).toMatch(/Max-Age=0/);
    const replay = await fetch(`${f.url}/dashboard`, { headers: { cookie: oldCookie }, redirect: 'manual' });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/login');
  });

  it('marks both cookies Secure when the request came over https', async () => {
    const form = await f.api.app.request('https://scanrelay.test/login');
    const loginCookie = form.headers.getSetCookie().find((l) => l.startsWith('scanrelay_login='));
    expect(loginCookie).toMatch(/; Path=\/login; HttpOnly; Secure; SameSite=Strict$/);
    const res = await f.api.app.request('https://scanrelay.test/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie!.split(';')[0]! },
      body: new URLSearchParams({ _csrf: csrfOf(await form.text()), key: f.keys.read }).toString(),
    });
    expect(res.status).toBe(303);
    const session = res.headers.getSetCookie().find((l) => l.startsWith('scanrelay_session='));
    expect(session).toMatch(/; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('ends the sessions of a revoked key', async () => {
    const acme = await f.store.tenants.getByName('acme');
    const created = await f.store.apiKeys.create(acme!.id, { name: 'temp', scopes: ['read'] });
    const b = browser(f.url);
    await b.signIn(created.key);
    expect((await b.request('/dashboard')).status).toBe(200);
    await f.store.apiKeys.revoke(acme!.id, created.apiKey.id);
    const res = await b.request('/dashboard/projects/shop');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fdashboard%2Fprojects%2Fshop');
  });

  it('opens the security page with the session cookie', async () => {
    const b = browser(f.url);
    await b.signIn(f.keys.read);
    const res = await b.request('/projects/shop/security');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<h1>Security of shop</h1>');
    const other = browser(f.url);
    await other.signIn(f.keys.other);
    expect((await other.request('/projects/shop/security')).status).toBe(404);
    const stale = await fetch(`${f.url}/projects/shop/security`, {
      headers: { cookie: 'scanrelay_session=nope' },
    });
    expect(stale.status).toBe(401);
  });
});
