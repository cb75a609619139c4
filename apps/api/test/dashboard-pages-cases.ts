import { ingest } from '@scanrelay/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  browser,
  csrfOf,
  type DashboardFixture,
  finding,
  findingLinks,
  HOSTILE,
  REPO,
  SHA,
  startDashboardFixture,
} from './dashboard-pages-fixture.js';
import type { Backend } from './support/harness.js';

type Browser = ReturnType<typeof browser>;

/** The dashboard's Projects, project and finding pages over real HTTP, on `backend`. */
export function defineDashboardPagesSuite(backend: Backend): void {
  let f: DashboardFixture;
  let admin: Browser;
  let reader: Browser;
  let other: Browser;
  const api = async (path: string, key = f.keys.admin) => {
    const res = await fetch(`${f.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field
    return (await res.json()) as any;
  };
  const html = async (b: Browser, path: string, status = 200) => {
    const res = await b.request(path);
    expect(res.status).toBe(status);
    return res.text();
  };

  beforeAll(async () => {
    f = await startDashboardFixture(backend);
    const acme = await f.store.tenants.getByName('acme');
    const shop = await f.store.projects.getByName(acme!.id, 'shop');
    await f.store.blocklist.upsert({
      tenantId: acme!.id,
      projectId: shop!.id,
      threatType: 'sast',
      severity: 'critical',
      reason: 'critical findings',
      discoveredBy: 'test',
      evidence: {},
    } as never);
    // Project site: three completed scans counting 3, then 2, then 1 findings.
    for (const n of [3, 2, 1])
      await ingest(f.store, {
        tenant: acme!.id,
        project: 'site',
        scan: { provider: 'semgrep', kind: 'sast' },
        findings: Array.from({ length: n }, (_, i) => finding({ name: `Site ${i}`, severity: 'low' })),
        mode: 'new',
      });
    admin = browser(f.url);
    await admin.signIn(f.keys.admin);
    reader = browser(f.url);
    await reader.signIn(f.keys.read);
    other = browser(f.url);
    await other.signIn(f.keys.other);
  });
  afterAll(async () => {
    await f?.close();
  });

  it('Projects: verdict, open findings per severity, last scan, blocklist badge and sparkline', async () => {
    const page = await html(reader, '/dashboard');
    expect(page).toContain('<title>Projects — scanrelay</title>');
    expect(page).toContain('<a href="/dashboard" aria-current="page">Projects</a>');
    const row = /<tr><th scope="row"><a href="\/dashboard\/projects\/shop">shop<\/a><\/th>(.*?)<\/tr>/s.exec(
      page,
    )?.[1];
    expect(row).toBeDefined();
    expect(row).toContain('<span class="badge verdict-fail">Fail</span>');
    const counts = [...row!.matchAll(/data-severity="([a-z]+)">(\d+)</g)].map((m) => `${m[1]}=${m[2]}`);
    expect(counts).toEqual(['critical=1', 'high=1', 'medium=1', 'low=60', 'info=0']);
    expect(row).toContain('<span class="badge blocked">Blocklisted</span>');
    expect(row).toMatch(/<a href="\/dashboard\/scans\/[0-9a-f-]+"><time datetime=/);
    expect(row).toMatch(
      /<svg class="sparkline" role="img" aria-label="Findings of shop: 1 completed scans, from 63 to 63 findings"/,
    );
    expect(row).toContain('<polyline points="2,2 118,2"></polyline>');
    const site = /<a href="\/dashboard\/projects\/site">site<\/a>.*?<\/tr>/s.exec(page)?.[0];
    expect(site).toContain('<span class="badge verdict-pass">Pass</span>');
    expect(site).toContain('aria-label="Findings of site: 3 completed scans, from 3 to 1 findings"');
    expect(site).toContain('<polyline points="2,2 60,10 118,18"></polyline>');
    expect(site).toContain('<span class="muted">No</span>');
    // Another tenant's project is not listed.
    expect(page).not.toContain('secret');
    expect(await html(other, '/dashboard')).not.toContain('>shop<');
  });

  it('a project: the same rows as the JSON API, page by page, with the Next cursor', async () => {
    const first = await html(reader, '/dashboard/projects/shop');
    const apiFirst = await api('/api/v1/projects/shop/findings?limit=50');
    expect(findingLinks(first)).toEqual(apiFirst.items.map((x: { id: string }) => x.id));
    expect(findingLinks(first)).toHaveLength(50);
    const next =
      /<a href="(\/dashboard\/projects\/shop\?cursor=[A-Za-z0-9_-]+)" rel="next">Next page<\/a>/.exec(
        first,
      )?.[1];
    expect(next).toBeDefined();
    const second = await html(reader, next!);
    const apiSecond = await api(`/api/v1/projects/shop/findings?limit=50&cursor=${apiFirst.nextCursor}`);
    expect(findingLinks(second)).toEqual(apiSecond.items.map((x: { id: string }) => x.id));
    expect(findingLinks(second)).toHaveLength(13);
    expect(second).not.toContain('rel="next"');
    expect(first).toContain('<a href="/projects/shop/security">Security page</a>');
    expect(first).toContain('<a href="/dashboard/projects/shop/trends">Trends</a>');
    expect(first).toContain(`Repository: <a href="${REPO}" rel="noopener noreferrer">${REPO}</a>`);
  });

  it('a project: filters and sorting give the API’s rows', async () => {
    const cases = [
      'severity=critical',
      'status=open&kind=url',
      'tool=trivy',
      'q=low%201',
      'sort=severity&order=desc',
      'severity=low&sort=last_seen&order=desc',
    ];
    for (const query of cases) {
      const page = await html(reader, `/dashboard/projects/shop?${query}`);
      const json = await api(`/api/v1/projects/shop/findings?limit=50&${query}`);
      expect(findingLinks(page), query).toEqual(json.items.map((x: { id: string }) => x.id));
    }
    const critical = await html(reader, '/dashboard/projects/shop?severity=critical&tool=');
    expect(findingLinks(critical)).toEqual([f.ids['CVE-2024-0001']]);
    expect(critical).toContain('<option value="critical" selected="">Critical</option>');
    const bySeverity = await html(reader, '/dashboard/projects/shop?sort=severity&order=desc');
    expect(findingLinks(bySeverity).slice(0, 3)).toEqual([
      f.ids['CVE-2024-0001'],
      f.ids['js.eval'],
      f.ids.xss,
    ]);
    const bad = await html(reader, '/dashboard/projects/shop?severity=urgent', 400);
    expect(bad).toContain('Invalid filter severity');
    // A cursor the store cannot read is refused as the API refuses it, as an HTML page.
    const tampered = await reader.request('/dashboard/projects/shop?cursor=bm90LWEtY3Vyc29y');
    expect(tampered.status).toBe(400);
    expect(tampered.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await tampered.text()).toMatch(/<h1>[^<]+<\/h1>\s*<p>[^<]*cursor/);
  });

  it('a project: columns with location links at the scanned commit, the package fix and the URL', async () => {
    const page = await html(reader, '/dashboard/projects/shop?sort=severity&order=desc');
    expect(page).toContain(
      `<a href="${REPO}/blob/${SHA}/src/app.js#L12" rel="noopener noreferrer"><code>src/app.js:12</code></a>`,
    );
    expect(page).toContain('<code>lodash@4.17.20</code> → fixed in <code>4.17.21</code>');
    expect(page).toContain(
      'GET <a href="https://shop.example.test/search" rel="noopener noreferrer"><code>https://shop.example.test/search</code></a> parameter <code>q</code>',
    );
    const row = new RegExp(
      `<a href="/dashboard/findings/${f.ids['CVE-2024-0001']}">CVE-2024-0001 in lodash</a></th>(.*?)</tr>`,
      's',
    ).exec(page)?.[1];
    expect(row).toContain('<td>Trivy</td><td>Open</td>');
    expect(row).toMatch(/<td><time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC<\/time><\/td>/);
    expect(row).toContain('<td class="num">1</td>');
  });

  it('escapes hostile finding names everywhere', async () => {
    for (const path of [
      '/dashboard/projects/shop?sort=severity&order=desc',
      `/dashboard/findings/${f.ids['js.eval']}`,
    ]) {
      const page = await html(reader, path);
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('<img src=x');
      expect(page).toContain(
        'Eval &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
      );
      expect(HOSTILE).toContain('<script>');
    }
  });

  it('a finding: description, CWE and advisory links, http(s) references only, scans, mitigation', async () => {
    const page = await html(reader, `/dashboard/findings/${f.ids['CVE-2024-0001']}`);
    expect(page).toContain('<h1>CVE-2024-0001 in lodash</h1>');
    expect(page).toContain('<p class="prose">Prototype pollution.\nSecond line.</p>');
    expect(page).toContain('<p class="prose">Upgrade lodash.</p>');
    expect(page).toContain(
      '<a href="https://cwe.mitre.org/data/definitions/1321.html" rel="noopener noreferrer">CWE-1321</a>',
    );
    expect(page).toContain(
      '<a href="https://nvd.nist.gov/vuln/detail/CVE-2024-0001" rel="noopener noreferrer">CVE-2024-0001</a>',
    );
    expect(page).toContain(
      '<a href="https://github.com/advisories/GHSA-29mw-wpgm-hmr9" rel="noopener noreferrer">GHSA-29mw-wpgm-hmr9</a>',
    );
    expect(page).toContain(
      '<li><a href="https://example.test/advisory" rel="noopener noreferrer">https://example.test/advisory</a></li>',
    );
    expect(page).toContain('<li>javascript:alert(1)</li>');
    expect(page).not.toContain('href="javascript:');
    const scan = (await api('/api/v1/scans?project=shop')).items[0];
    expect(page).toContain(`<a href="/dashboard/scans/${scan.id}">${scan.id}</a>`);
    expect(page).toContain(
      `<a href="${REPO}/commit/${SHA}" title="${SHA}" rel="noopener noreferrer"><code>${SHA.slice(0, 7)}</code></a>`,
    );
    expect(page).toContain('No triage decision yet.');
    // A read-only key sees no triage form.
    expect(page).not.toContain('id="triage"');
  });

  it('triage through the form: the JSON API shows it, the history lists it, and errors show the form again', async () => {
    const id = f.ids['js.eval']!;
    const page = await html(admin, `/dashboard/findings/${id}`);
    expect(page).toContain(
      `<form method="post" action="/dashboard/findings/${id}/triage" class="stack" id="triage">`,
    );
    const csrf = csrfOf(page.slice(page.indexOf('id="triage"')));
    const missingReason = await admin.postForm(`/dashboard/findings/${id}/triage`, {
      _csrf: csrf,
      status: 'false-positive',
      reason: ' ',
      expires: '',
    });
    expect(missingReason.status).toBe(400);
    const refused = await missingReason.text();
    expect(refused).toContain('reason is required to mark a finding false-positive');
    expect(refused).toContain('<option value="false-positive" selected="">False positive</option>');
    expect((await api(`/api/v1/findings/${id}`)).status).toBe('open');

    const res = await admin.postForm(`/dashboard/findings/${id}/triage`, {
      _csrf: csrf,
      status: 'false-positive',
      reason: 'test fixture <b>never</b> deployed',
      expires: '2099-01-01',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/dashboard/findings/${id}`);
    const json = await api(`/api/v1/findings/${id}`);
    expect(json.status).toBe('false-positive');
    const history = await api(`/api/v1/findings/${id}/history`);
    expect(history.items).toMatchObject([
      {
        actor: `key:${f.keys.adminPrefix}`,
        from: 'open',
        to: 'false-positive',
        reason: 'test fixture <b>never</b> deployed',
      },
    ]);
    const after = await html(admin, `/dashboard/findings/${id}`);
    expect(after).toContain('<dd id="status">False positive</dd>');
    expect(after).toContain(
      `key:${f.keys.adminPrefix}: Open → False positive — test fixture &lt;b&gt;never&lt;/b&gt; deployed`,
    );

    const accepted = await admin.postForm(`/dashboard/findings/${f.ids.xss}/triage`, {
      _csrf: csrf,
      status: 'accepted-risk',
      reason: 'behind VPN',
      expires: '2099-06-30',
    });
    expect(accepted.status).toBe(303);
    const xss = await api(`/api/v1/findings/${f.ids.xss}`);
    expect(xss.status).toBe('accepted-risk');
    expect(xss.triage.acceptedUntil).toBe('2099-06-30T23:59:59.999Z');
  });

  it('refuses triage to a key without the triage scope', async () => {
    const id = f.ids['low-00']!;
    const csrf = csrfOf(await html(reader, `/dashboard/findings/${id}`));
    const res = await reader.postForm(`/dashboard/findings/${id}/triage`, {
      _csrf: csrf,
      status: 'false-positive',
      reason: 'x',
    });
    expect(res.status).toBe(403);
    expect((await api(`/api/v1/findings/${id}`)).status).toBe('open');
  });

  it('answers 404 pages for another tenant’s project and finding, and for unknown ones', async () => {
    for (const path of [
      '/dashboard/projects/secret',
      `/dashboard/findings/${f.ids.other}`,
      '/dashboard/projects/nope',
      '/dashboard/findings/00000000-0000-0000-0000-000000000000',
      '/dashboard/nothing-here',
    ]) {
      const page = await html(admin, path, 404);
      expect(page).toContain('<h1>Not found</h1>');
      expect(page).not.toContain('Other tenant finding');
    }
    const csrf = csrfOf(await html(other, '/dashboard'));
    const res = await other.postForm(`/dashboard/findings/${f.ids['low-01']}/triage`, {
      _csrf: csrf,
      status: 'false-positive',
      reason: 'not mine',
    });
    expect(res.status).toBe(404);
    expect((await api(`/api/v1/findings/${f.ids['low-01']}`)).status).toBe('open');
  });

  it('serves its static files with their types: stylesheet, uPlot, the scan pages’ scripts', async () => {
    const expected: Record<string, string> = {
      'dashboard.css': 'text/css; charset=utf-8',
      'uplot.min.js': 'text/javascript; charset=utf-8',
      'uPlot.min.css': 'text/css; charset=utf-8',
      'job-log.js': 'text/javascript; charset=utf-8',
      'trends.js': 'text/javascript; charset=utf-8',
    };
    for (const [name, type] of Object.entries(expected)) {
      const res = await fetch(`${f.url}/dashboard/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect(await (await fetch(`${f.url}/dashboard/assets/uplot.min.js`)).text()).toContain('uPlot');
    const unknown = await admin.request('/dashboard/assets/..%2F..%2Fpackage.json');
    expect(unknown.status).toBe(404);
  });
}
