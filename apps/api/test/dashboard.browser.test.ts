import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFindings, triageFinding } from '@scanrelay/core';
import {
  axeSource,
  CHROMIUM_ARGS,
  chromiumPath,
  need,
  type PageWatch,
  seriousAxeViolations,
  watchContext,
} from '@scanrelay/test-utils';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DAY_MS,
  type DashboardBrowserFixture,
  OTHER_PROJECT,
  PROJECT,
  startDashboardBrowserFixture,
  TRIVY,
} from './dashboard-browser-fixture.js';

// Under CI a missing chromium (or fixture folder) fails; only a developer's machine skips.
const run = need('chromium') && need('fixtures');
const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results');
const axe = axeSource(import.meta.url);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The finding ids a dashboard page lists, in order: the targets of its links to finding pages. */
async function listedFindingIds(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href*="/dashboard/findings/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [...new Set(hrefs.map((h) => UUID.exec(h)?.[0] ?? h))];
}

describe.runIf(run)('the dashboard in Chromium', () => {
  let f: DashboardBrowserFixture;
  let browser: Browser;
  /** Signed in as acme through the form, under the pages' own CSP. */
  let context: BrowserContext;
  let watch: PageWatch;
  let page: Page;
  let origin: string;

  /** The findings of `shop` as the JSON route gives them for `query`. */
  async function apiPage(query: string): Promise<{ ids: string[]; nextCursor?: string }> {
    const got = await f.http.get(`/api/v1/projects/${PROJECT}/findings?${query}`);
    expect(got.status, JSON.stringify(got.body)).toBe(200);
    return { ids: got.body.items.map((i: { id: string }) => i.id), nextCursor: got.body.nextCursor };
  }

  async function open(pathname: string): Promise<number | undefined> {
    return (await page.goto(`${f.url}${pathname}`))?.status();
  }

  async function signIn(ctx: BrowserContext, key: string): Promise<Page> {
    const p = await ctx.newPage();
    await p.goto(`${f.url}/login`);
    await p.getByLabel(/api key/i).fill(key);
    await Promise.all([p.waitForURL(/\/dashboard\/?$/), p.getByRole('button', { name: /sign in/i }).click()]);
    return p;
  }

  beforeAll(async () => {
    f = await startDashboardBrowserFixture();
    origin = new URL(f.url).origin;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    watch = watchContext(context);
    page = await signIn(context, f.keys.triager);
    mkdirSync(results, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('asks for a key, signs in through the form and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const fresh = await browser.newContext();
    const signedOut = await fresh.newPage();
    await signedOut.goto(`${f.url}/dashboard`);
    expect(new URL(signedOut.url()).pathname).toBe('/login');

    const home = await signIn(fresh, f.keys.triager);
    const session = (await fresh.cookies(f.url)).find((c) => c.name === 'scanrelay_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    // The key itself is never the cookie.
    expect(session?.value).not.toContain(f.keys.triager);
    // The projects page: acme's project with its open findings per severity and the blocklist
    // badge, never the other tenant's project.
    const shop = await f.store.projects.getByName(f.tenants.acme, PROJECT);
    const openCounts = (await f.store.findings.counts(f.tenants.acme, { projectId: shop!.id })).open;
    const row = home.locator('#projects tr', {
      has: home.locator(`a[href="/dashboard/projects/${PROJECT}"]`),
    });
    expect(await row.locator('td[data-severity]').allTextContents()).toEqual(
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((s) => String(openCounts[s])),
    );
    expect(openCounts.critical + openCounts.high).toBeGreaterThan(0);
    expect(await row.locator('.badge.blocked').textContent()).toBe('Blocklisted');
    expect(await home.locator('main').textContent()).not.toContain(OTHER_PROJECT);
    await fresh.close();
  });

  /** Every page of the dashboard, by the name of its screenshot. */
  const PAGES: [string, () => Promise<string>][] = [
    ['projects', async () => '/dashboard'],
    ['project', async () => `/dashboard/projects/${PROJECT}`],
    ['finding', async () => `/dashboard/findings/${(await apiPage('severity=critical&limit=1')).ids[0]}`],
    ['scans', async () => '/dashboard/scans'],
    ['scan', async () => `/dashboard/scans/${f.seeded.acme.scanId}`],
    ['jobs', async () => '/dashboard/jobs'],
    ['job', async () => `/dashboard/jobs/${f.seeded.acme.jobId}`],
    ['blocklist', async () => '/dashboard/blocklist'],
    ['trends', async () => '/dashboard/trends'],
    ['project-trends', async () => `/dashboard/projects/${PROJECT}/trends`],
  ];

  it.each(PAGES)(
    'page %s: no console error, nothing from another host, no serious axe-core violation; screenshot',
    async (name, pathOf) => {
      const pathname = await pathOf();
      watch.requested.length = 0;
      watch.consoleErrors.length = 0;
      expect(await open(pathname)).toBe(200);
      await page.waitForLoadState('networkidle');
      await page.screenshot({ path: path.join(results, `dashboard-${name}.png`), fullPage: true });
      expect(watch.consoleErrors).toEqual([]);
      expect(watch.elsewhere(origin)).toEqual([]);
      // axe injects its script: a context that lets it run despite the pages' CSP, with the same session.
      const axeContext = await browser.newContext({
        bypassCSP: true,
        storageState: await context.storageState(),
      });
      const axePage = await axeContext.newPage();
      expect((await axePage.goto(`${f.url}${pathname}`))?.status()).toBe(200);
      expect(await seriousAxeViolations(axePage, axe)).toEqual([]);
      await axeContext.close();
    },
  );

  it('draws the trend chart with the bundled uPlot, served by this host', async () => {
    watch.requested.length = 0;
    await open('/dashboard/trends');
    await page.locator('#trend-chart canvas').first().waitFor();
    expect(watch.requested).toContain(`${origin}/dashboard/assets/uplot.min.js`);
  });

  it('shows on the project page the rows the JSON route gives, for filters and across pages', async () => {
    // The page shows 50 rows, the API's default page size: the same query string on both.
    const queries = [
      '',
      'severity=high',
      'status=open&tool=semgrep&kind=source',
      'q=tempfile',
      'sort=severity&order=desc',
    ];
    for (const query of queries) {
      expect(await open(`/dashboard/projects/${PROJECT}?${query}`), query).toBe(200);
      const api = await apiPage(query);
      expect(api.ids.length, query).toBeGreaterThan(0);
      expect(await listedFindingIds(page), query).toEqual(api.ids);
    }
    // The search narrows: every row it keeps names a tempfile rule or title.
    const all = await apiPage('');
    expect((await apiPage('q=tempfile')).ids.length).toBeLessThan(all.ids.length);

    // The filter form builds the same query.
    await open(`/dashboard/projects/${PROJECT}`);
    await page.getByLabel('Severity').selectOption('high');
    await page.getByLabel('Tool').fill('semgrep');
    await Promise.all([
      page.waitForURL(/severity=high/),
      page.getByRole('button', { name: 'Apply' }).click(),
    ]);
    expect(await listedFindingIds(page)).toEqual((await apiPage('severity=high&tool=semgrep')).ids);

    // Cursor paging: the page's Next link shows the API's next page.
    await open(`/dashboard/projects/${PROJECT}`);
    expect(all.nextCursor).toBeTruthy();
    await Promise.all([page.waitForURL(/cursor=/), page.locator('main a[rel="next"]').click()]);
    const second = await apiPage(`cursor=${encodeURIComponent(all.nextCursor!)}`);
    expect(second.ids.length).toBeGreaterThan(0);
    expect(await listedFindingIds(page)).toEqual(second.ids);
    expect(second.ids.filter((id) => all.ids.includes(id))).toEqual([]);
  });

  it('triages a finding as false positive through the form, and it stays triaged after the same report is uploaded again', async () => {
    const { ids } = await apiPage('severity=critical&tool=trivy&status=open&limit=1');
    const id = ids[0]!;
    expect(await open(`/dashboard/findings/${id}`)).toBe(200);
    await page.getByLabel('Status', { exact: true }).selectOption({ value: 'false-positive' });
    await page.getByLabel(/^Reason/).fill('the vulnerable function is never called');
    // The form posts, then the server sends the browser back to the finding (303).
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith(`/findings/${id}/triage`),
      ),
      page.getByRole('button', { name: 'Save decision' }).click(),
    ]);
    await page.waitForURL(`${f.url}/dashboard/findings/${id}`);
    const decision = page.locator('#history li', { hasText: 'the vulnerable function is never called' });
    expect(await decision.textContent()).toContain('Open → False positive');
    expect((await f.store.findings.get(f.tenants.acme, id))?.status).toBe('false-positive');

    await f.uploadAndWait(TRIVY, PROJECT);
    expect((await f.store.findings.get(f.tenants.acme, id))?.status).toBe('false-positive');
    expect(await open(`/dashboard/findings/${id}`)).toBe(200);
    expect(await page.locator('#history li').allTextContents()).toEqual([
      expect.stringContaining('Open → False positive'),
    ]);
    await page.screenshot({ path: path.join(results, 'dashboard-finding-triaged.png'), fullPage: true });
    expect(await apiPage('status=false-positive')).toMatchObject({ ids: [id] });
  });

  it('reopens an expired risk acceptance when the page reads it', async () => {
    const { ids } = await apiPage('severity=high&tool=semgrep&status=open&limit=1');
    const id = ids[0]!;
    // Accepted ten days ago until two days ago (core takes the decision's clock): expired by now.
    const decided = new Date(Date.now() - 10 * DAY_MS);
    const until = new Date(Date.now() - 2 * DAY_MS).toISOString();
    await triageFinding(f.store, {
      tenantId: f.tenants.acme,
      id,
      status: 'accepted-risk',
      reason: 'fix ships with the next release',
      expiresAt: until,
      actor: 'test',
      now: decided,
    });
    // Read as of a day later, the acceptance still holds.
    const then = await listFindings(
      f.store,
      f.tenants.acme,
      { status: 'accepted-risk' },
      new Date(decided.getTime() + DAY_MS),
    );
    expect(then.items.map((x) => x.id)).toEqual([id]);

    expect(await open(`/dashboard/findings/${id}`)).toBe(200);
    const main = page.locator('main');
    expect(await main.textContent()).toContain(`risk acceptance expired on ${until}`);
    expect((await f.store.findings.get(f.tenants.acme, id))?.status).toBe('open');
  });

  it('shows new log lines of a running job as they are written, without a reload', async () => {
    const job = await f.runningJob();
    await job.log('fetching the report');
    watch.consoleErrors.length = 0;
    expect(await open(`/dashboard/jobs/${job.id}`)).toBe(200);
    const lines = page.locator('#job-log li');
    await lines.filter({ hasText: 'fetching the report' }).waitFor();
    // A mark on this document: a reload would lose it.
    await page.evaluate("document.body.dataset.sameDocument = 'yes'");
    for (const line of ['parsed 1200 findings', 'ingested: 37 new, 2 fixed']) {
      await job.log(line);
      await lines.filter({ hasText: line }).waitFor();
    }
    const texts = await lines.allTextContents();
    expect(texts.map((t) => ['fetching', 'parsed', 'ingested'].find((w) => t.includes(w)))).toEqual([
      'fetching',
      'parsed',
      'ingested',
    ]);
    expect(await page.evaluate('document.body.dataset.sameDocument')).toBe('yes');
    await page.screenshot({ path: path.join(results, 'dashboard-job-live.png'), fullPage: true });
    expect(watch.consoleErrors).toEqual([]);
    await job.finish();
  });

  it("answers 404 for another tenant's project, finding, scan and job", async () => {
    const theirs = await f.store.projects.getByName(f.tenants.other, OTHER_PROJECT);
    const theirFinding = (await f.store.findings.list(f.tenants.other, { projectId: theirs!.id, limit: 1 }))
      .items[0];
    for (const pathname of [
      `/dashboard/projects/${OTHER_PROJECT}`,
      `/dashboard/findings/${theirFinding!.id}`,
      `/dashboard/scans/${f.seeded.other.scanId}`,
      `/dashboard/jobs/${f.seeded.other.jobId}`,
      `/dashboard/projects/${OTHER_PROJECT}/trends`,
    ]) {
      expect(await open(pathname), pathname).toBe(404);
      expect(await page.locator('main').textContent()).not.toContain(OTHER_PROJECT);
    }
  });

  it('refuses a form POST without the CSRF token (403) and changes nothing', async () => {
    const { ids } = await apiPage('status=open&limit=1');
    const id = ids[0]!;
    expect(await open(`/dashboard/findings/${id}`)).toBe(200);
    const form = page.locator('main form[action$="/triage"]');
    const action = new URL((await form.getAttribute('action')) ?? '', page.url()).toString();
    const token = await form.locator('input[name="_csrf"]').inputValue();
    const fields = { status: 'false_positive', reason: 'forged' };
    // The session cookie goes with these requests (same context), only the token differs.
    const missing = await context.request.post(action, { form: fields, maxRedirects: 0 });
    expect(missing.status()).toBe(403);
    const wrong = await context.request.post(action, {
      form: { ...fields, _csrf: `${token}x` },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(403);
    expect((await f.store.findings.get(f.tenants.acme, id))?.status).toBe('open');
    expect((await context.request.post(`${f.url}/logout`, { maxRedirects: 0 })).status()).toBe(403);
    // The same POST with the page's token is taken: the token was what was missing.
    const right = await context.request.post(action, { form: { ...fields, _csrf: token }, maxRedirects: 0 });
    expect(right.status()).toBe(303);
    expect((await f.store.findings.get(f.tenants.acme, id))?.status).toBe('false-positive');
  });

  it('shows no triage form to a key without the triage scope, and refuses its POST (403)', async () => {
    const { ids } = await apiPage('status=open&limit=1');
    const readOnly = await browser.newContext();
    const home = await signIn(readOnly, f.keys.ci);
    await home.goto(`${f.url}/dashboard/findings/${ids[0]}`);
    expect(await home.locator('main h1').count()).toBe(1);
    expect(await home.locator('main form[action$="/triage"]').count()).toBe(0);
    // Its session's token (the sign-out form carries it) does not make up for the scope.
    const token = await home.locator('form[action="/logout"] input[name="_csrf"]').inputValue();
    const post = await readOnly.request.post(`${f.url}/dashboard/findings/${ids[0]}/triage`, {
      form: { status: 'false_positive', reason: 'not mine to decide', _csrf: token },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
    expect((await f.store.findings.get(f.tenants.acme, ids[0]!))?.status).toBe('open');
    await readOnly.close();
  });

  it('signs out: the session ends on the server and the pages ask for a key again', async () => {
    expect(await open('/dashboard')).toBe(200);
    const token = (await context.cookies(f.url)).find((c) => c.name === 'scanrelay_session')!.value;
    await Promise.all([page.waitForURL(/\/login/), page.getByRole('button', { name: /sign out/i }).click()]);
    expect((await context.cookies(f.url)).map((c) => c.name)).not.toContain('scanrelay_session');
    const replay = await fetch(`${f.url}/dashboard`, {
      headers: { cookie: `scanrelay_session=${token}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(new URL(replay.headers.get('location') ?? '', f.url).pathname).toBe('/login');
  });
});
