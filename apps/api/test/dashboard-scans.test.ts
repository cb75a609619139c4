import { ingest } from '@scanrelay/core';
import { createFinding, type Finding } from '@scanrelay/findings-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../src/dashboard/dashboard-context.js';
import {
  HOSTILE,
  type ScanPagesFixture,
  startScanPagesFixture,
  tableRows,
  unescapeHtml,
} from './dashboard-scans-support.js';

const SHA = 'c0ffee00'.repeat(5);
const REPO = 'https://github.com/acme/widget';
/** A project whose name is markup: every page that names it must escape it. */
const WIDGET = `widget ${HOSTILE}`;

const src = (name: string, file: string, severity: Finding['severity']) =>
  createFinding({
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: name,
    name,
    severity,
    category: 'sast',
    location: { kind: 'source', file, startLine: 7 },
  });
const cve = (id: string, severity: Finding['severity']) =>
  createFinding({
    tool: { id: 'trivy', name: 'Trivy' },
    ruleId: id,
    name: `${id} in lodash`,
    severity,
    category: 'vulnerability',
    location: { kind: 'package', name: 'lodash', version: '4.17.0' },
  });

describe('dashboard scan pages', () => {
  let f: ScanPagesFixture;
  const scans: Record<'widget' | 'shop1' | 'shop2' | 'rival', string> = {
    widget: '',
    shop1: '',
    shop2: '',
    rival: '',
  };

  beforeAll(async () => {
    f = await startScanPagesFixture();
    const { store } = f;
    const acme = f.tenants.acme;
    const run = (
      tenant: string,
      project: Parameters<typeof ingest>[1]['project'],
      scan: Parameters<typeof ingest>[1]['scan'],
      findings: Finding[],
    ) => ingest(store, { tenant, project, scan, findings, mode: 'new' });
    scans.widget = (
      await run(
        acme,
        { name: WIDGET, repoUrl: REPO },
        { provider: 'semgrep', kind: 'sast', commitSha: SHA, externalId: HOSTILE },
        [
          src(HOSTILE, `src/${HOSTILE}.js`, 'critical'),
          src('eval-use', 'src/b.js', 'high'),
          src('weak-hash', 'src/c.js', 'low'),
        ],
      )
    ).scanId;
    scans.shop1 = (
      await run(acme, 'shop', { provider: 'trivy', kind: 'sca' }, [
        cve('CVE-2024-0001', 'critical'),
        cve('CVE-2024-0002', 'medium'),
      ])
    ).scanId;
    // The next trivy scan no longer has CVE-2024-0002: it is fixed.
    scans.shop2 = (
      await run(acme, 'shop', { provider: 'trivy', kind: 'sca' }, [cve('CVE-2024-0001', 'critical')])
    ).scanId;
    scans.rival = (
      await run(f.tenants.other, 'rival', { provider: 'trivy', kind: 'sca' }, [cve('CVE-2024-0009', 'high')])
    ).scanId;
    const widget = await store.projects.getByName(acme, WIDGET);
    await store.blocklist.upsert({
      tenantId: acme,
      projectId: widget!.id,
      reason: `critical finding: ${HOSTILE}`,
      severity: 'critical',
      threatType: 'external-sast',
      discoveredBy: 'semgrep',
    });
  });
  afterAll(() => f?.close());

  it('sends a visitor without a session to the sign-in page', async () => {
    const res = await f.page('/dashboard/scans?provider=trivy', '');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/login?next=${encodeURIComponent('/dashboard/scans?provider=trivy')}`,
    );
  });

  it('lists the scans the API lists, newest first, with commit link, counts and duration', async () => {
    const res = await f.page('/dashboard/scans');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    const rows = tableRows(res.html, 'Scans, newest first');
    const api = await f.json('/api/v1/scans');
    expect(rows.map((r) => r.slice(0, 4))).toEqual(
      api.body.items.map((s: { provider: string; kind: string; status: string; project: string }) => [
        s.provider,
        s.kind,
        s.status,
        s.project,
      ]),
    );
    expect(rows).toHaveLength(3);
    // provider, kind, status, project, commit, critical, high, medium, low, info, duration, started
    expect(rows[0]?.slice(0, 10)).toEqual([
      'trivy',
      'sca',
      'completed',
      'shop',
      '—',
      '1',
      '0',
      '0',
      '0',
      '0',
    ]);
    expect(rows[1]?.slice(4, 10)).toEqual(['—', '1', '0', '1', '0', '0']);
    expect(rows[2]?.slice(0, 10)).toEqual([
      'semgrep',
      'sast',
      'completed',
      WIDGET,
      SHA.slice(0, 7),
      '1',
      '1',
      '0',
      '1',
      '0',
    ]);
    expect(res.html).toContain(
      `<a href="${REPO}/commit/${SHA}" title="${SHA}" rel="noopener noreferrer"><code>c0ffee0</code></a>`,
    );
    expect(res.html).toContain(`<a href="/dashboard/scans/${scans.widget}">semgrep</a>`);
    expect(res.html).not.toContain(HOSTILE);
    expect(res.html).not.toContain(scans.rival);
  });

  it('filters by project, provider and status, and pages by cursor like the API', async () => {
    const byProvider = tableRows(
      (await f.page('/dashboard/scans?provider=semgrep&status=&project=')).html,
      'Scans, newest first',
    );
    expect(byProvider.map((r) => r[3])).toEqual([WIDGET]);
    const byProject = tableRows(
      (await f.page(`/dashboard/scans?project=${encodeURIComponent(WIDGET)}`)).html,
      'Scans, newest first',
    );
    expect(byProject.map((r) => r[0])).toEqual(['semgrep']);
    expect((await f.page('/dashboard/scans?status=failed')).html).toContain('No scans match.');
    expect((await f.page('/dashboard/scans?project=rival')).html).toContain('No scans match.');

    const first = await f.page('/dashboard/scans?provider=trivy&limit=1');
    expect(tableRows(first.html, 'Scans, newest first').map((r) => r[0])).toEqual(['trivy']);
    const next = /<a rel="next" href="([^"]+)">Next page<\/a>/.exec(first.html)?.[1];
    expect(next).toBeDefined();
    const apiFirst = await f.json('/api/v1/scans?provider=trivy&limit=1');
    expect(unescapeHtml(next!)).toBe(
      `/dashboard/scans?limit=1&provider=trivy&cursor=${apiFirst.body.nextCursor}`,
    );
    const second = await f.page(unescapeHtml(next!));
    expect(second.html).toContain(`/dashboard/scans/${scans.shop1}`);
    expect(second.html).not.toContain('rel="next"');
    expect(second.html).toContain('>First page</a>');
  });

  it('answers 400 naming the field for a bad filter or cursor', async () => {
    const status = await f.page('/dashboard/scans?status=finished');
    expect(status.status).toBe(400);
    expect(status.html).toContain('status');
    const cursor = await f.page('/dashboard/scans?cursor=bm90LWEtY3Vyc29y');
    expect(cursor.status).toBe(400);
    expect(cursor.html).toContain('cursor');
    expect((await f.page('/dashboard/scans?limit=0')).status).toBe(400);
  });

  it('shows a scan: facts, commit link, counts, verdict, score and the findings it saw, paged', async () => {
    const res = await f.page(`/dashboard/scans/${scans.widget}?limit=2`);
    expect(res.status).toBe(200);
    expect(res.html).toContain('<h1>Scan semgrep of widget &lt;script&gt;alert(&quot;x&quot;)');
    expect(res.html).not.toContain(HOSTILE);
    expect(res.html).toContain(`<a href="${REPO}/commit/${SHA}"`);
    expect(res.html).toContain(
      `<a href="/projects/${encodeURIComponent(WIDGET)}/security">security page</a>`,
    );
    expect(tableRows(res.html, 'Findings this scan reported, per severity')).toEqual([
      ['1', '1', '0', '1', '0', '3'],
    ]);
    const api = (await f.json(`/api/v1/scans/${scans.widget}`)).body;
    expect(res.html).toContain(`<dt>Verdict</dt><dd>${api.verdict}</dd>`);
    expect(res.html).toContain(`<dt>Score</dt><dd>${api.score}</dd>`);
    const seen = tableRows(res.html, 'Findings this scan saw');
    const apiFindings = (await f.json(`/api/v1/scans/${scans.widget}/findings?limit=2`)).body.items;
    expect(seen.map((r) => r[1])).toEqual(
      apiFindings.map((x: { finding: { name: string } }) => x.finding.name),
    );
    expect(seen[0]).toEqual(['Critical', HOSTILE, HOSTILE, `src/${HOSTILE}.js:7`, 'semgrep', 'Open']);
    expect(res.html).toContain(`${REPO}/blob/${SHA}/src/`);
    const next = /<a rel="next" href="([^"]+)">/.exec(res.html)?.[1];
    const rest = tableRows((await f.page(unescapeHtml(next!))).html, 'Findings this scan saw');
    expect(rest.map((r) => r[1])).toEqual(['weak-hash']);
  });

  it('answers 404 for another tenant’s scan and for an unknown one', async () => {
    for (const path of [
      `/dashboard/scans/${scans.rival}`,
      '/dashboard/scans/0190a1b2-0000-7000-8000-000000000000',
    ]) {
      const res = await f.page(path);
      expect(res.status).toBe(404);
      expect(res.html).not.toContain('rival');
    }
    expect((await f.page(`/dashboard/scans/${scans.rival}`, f.cookies.other)).status).toBe(200);
  });

  it('lists the active blocklist entries with their reason escaped and the security page linked', async () => {
    const res = await f.page('/dashboard/blocklist');
    expect(res.status).toBe(200);
    const rows = tableRows(res.html, 'Active blocklist entries');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(0, 4)).toEqual([
      WIDGET,
      'Critical',
      'external-sast',
      `critical finding: ${HOSTILE}`,
    ]);
    expect(rows[0]?.[5]).toBe('semgrep');
    expect(res.html).toContain(`href="/projects/${encodeURIComponent(WIDGET)}/security"`);
    expect(res.html).not.toContain(HOSTILE);
    expect((await f.page('/dashboard/blocklist', f.cookies.other)).html).toContain(
      'No project is blocklisted.',
    );
  });

  it('draws the tenant trend from the latest scan of each project and provider, with its table and mean time to fix', async () => {
    const res = await f.page('/dashboard/trends?days=7');
    expect(res.status).toBe(200);
    expect(res.html).toContain('<script src="/dashboard/assets/uplot.min.js" defer=""></script>');
    expect(res.html).toContain('<script src="/dashboard/assets/trends.js" defer=""></script>');
    const rows = tableRows(res.html, 'Open findings per day, newest first');
    expect(rows).toHaveLength(7);
    const today = new Date().toISOString().slice(0, 10);
    // widget/semgrep (1 critical, 1 high, 1 low) + shop/trivy's latest scan (1 critical); other's rival not counted.
    expect(rows[0]).toEqual([today, '2', '1', '0', '1', '0', '4']);
    const data = JSON.parse(unescapeHtml(/data-trend="([^"]*)"/.exec(res.html)?.[1] ?? ''));
    expect(data.days).toHaveLength(7);
    expect(data.days.at(-1)).toBe(today);
    expect(data.series.critical.at(-1)).toBe(2);
    expect(data.series.high.at(-1)).toBe(1);
    expect(res.html).toMatch(/Mean time to fix: <strong>[^<]+<\/strong> over 1 fixed finding /);
    expect((await f.page('/dashboard/trends?days=1000')).status).toBe(400);
  });

  it('draws one project’s trend; another tenant’s project is 404', async () => {
    const res = await f.page('/dashboard/projects/shop/trends?days=7');
    expect(res.status).toBe(200);
    const rows = tableRows(res.html, 'Open findings per day, newest first');
    expect(rows[0]?.slice(1)).toEqual(['1', '0', '0', '0', '0', '1']);
    expect(res.html).toContain('<a href="/projects/shop/security">Security page of shop</a>');
    const widget = await f.page(`/dashboard/projects/${encodeURIComponent(WIDGET)}/trends`);
    expect(widget.status).toBe(200);
    expect(widget.html).toContain('No finding has been fixed yet.');
    expect(widget.html).not.toContain(HOSTILE);
    expect((await f.page('/dashboard/projects/rival/trends')).status).toBe(404);
    expect((await f.page('/dashboard/projects/rival/trends', f.cookies.other)).status).toBe(200);
  });

  it('serves the pages’ scripts and uPlot from this host', async () => {
    for (const name of ['job-log.js', 'trends.js', 'uplot.min.js', 'uPlot.min.css']) {
      const res = await fetch(`${f.url}/dashboard/assets/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toMatch(
        name.endsWith('.js') ? /^text\/javascript/ : /^text\/css/,
      );
      expect((await res.text()).length).toBeGreaterThan(100);
    }
  });
});
