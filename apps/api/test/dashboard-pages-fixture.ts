import { ingest } from '@scanrelay/core';
import { createFinding, type Finding, type FindingDraft } from '@scanrelay/findings-schema';
import type { Store } from '@scanrelay/storage';
import { createApi, type ScanrelayApi } from '../src/index.js';
import { type Backend, openBackends } from './support/harness.js';

export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
export const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
export const REPO = 'https://git.example.test/acme/shop';

/** A finding of `tool`, with defaults for what the test does not care about. */
export function finding(draft: Partial<FindingDraft> & Pick<FindingDraft, 'severity' | 'name'>): Finding {
  return createFinding({
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: draft.name,
    category: 'sast',
    ...draft,
  });
}

export interface DashboardFixture {
  api: ScanrelayApi;
  store: Store;
  url: string;
  keys: { admin: string; adminPrefix: string; read: string; upload: string; other: string };
  /** Finding ids by rule id (tenant acme, project shop), and `other` (tenant other). */
  ids: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The API on loopback over real SQLite (default) or PostgreSQL: tenant acme's project `shop`
 * (repository URL, a commit) with a critical package finding, a hostile-named source finding, a URL
 * finding and 60 low findings; tenant other's project `secret`.
 */
export async function startDashboardFixture(backend: Backend = 'sqlite'): Promise<DashboardFixture> {
  const backends = await openBackends(backend);
  const { store, queue } = backends;
  const api = createApi({ store, queue, config: { dataDir: backends.dataDir } });
  const { url } = await api.start({ port: 0, host: '127.0.0.1' });
  const acme = await store.tenants.getOrCreate('acme');
  const other = await store.tenants.getOrCreate('other');
  const admin = await store.apiKeys.create(acme.id, { name: 'ops', scopes: ['admin'] });
  const keys = {
    admin: admin.key,
    adminPrefix: admin.apiKey.prefix,
    read: (await store.apiKeys.create(acme.id, { name: 'reader', scopes: ['read'] })).key,
    upload: (await store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload'] })).key,
    other: (await store.apiKeys.create(other.id, { name: 'ops', scopes: ['admin'] })).key,
  };
  const report: Finding[] = [
    finding({
      tool: { id: 'trivy', name: 'Trivy' },
      ruleId: 'CVE-2024-0001',
      name: 'CVE-2024-0001 in lodash',
      severity: 'critical',
      category: 'vulnerability',
      location: { kind: 'package', name: 'lodash', version: '4.17.20', fixedVersion: '4.17.21' },
      cve: ['CVE-2024-0001', 'GHSA-29mw-wpgm-hmr9'],
      cwe: ['CWE-1321'],
      description: 'Prototype pollution.\nSecond line.',
      mitigation: 'Upgrade lodash.',
      references: ['https://example.test/advisory', 'javascript:alert(1)'],
    }),
    finding({
      ruleId: 'js.eval',
      name: `Eval ${HOSTILE}`,
      severity: 'high',
      location: { kind: 'source', file: 'src/app.js', startLine: 12 },
    }),
    finding({
      tool: { id: 'zap', name: 'ZAP' },
      ruleId: 'xss',
      name: 'Reflected XSS',
      severity: 'medium',
      category: 'dast',
      location: { kind: 'url', url: 'https://shop.example.test/search', method: 'GET', parameter: 'q' },
    }),
    ...Array.from({ length: 60 }, (_, i) =>
      finding({
        ruleId: `low-${String(i).padStart(2, '0')}`,
        name: `Low ${i}`,
        severity: 'low',
        location: { kind: 'source', file: `src/f${i}.js`, startLine: i + 1 },
      }),
    ),
  ];
  await ingest(store, {
    tenant: acme.id,
    project: { name: 'shop', repoUrl: REPO },
    scan: { provider: 'semgrep', kind: 'sast', commitSha: SHA },
    findings: report,
    mode: 'merge',
  });
  await ingest(store, {
    tenant: other.id,
    project: 'secret',
    scan: { provider: 'trivy', kind: 'sca' },
    findings: [finding({ name: 'Other tenant finding', severity: 'critical' })],
    mode: 'merge',
  });
  const ids: Record<string, string> = {};
  const shop = await store.projects.getByName(acme.id, 'shop');
  for (const f of (await store.findings.list(acme.id, { projectId: shop!.id, limit: 1000 })).items)
    ids[f.ruleId] = f.id;
  const secret = await store.projects.getByName(other.id, 'secret');
  ids.other = (await store.findings.list(other.id, { projectId: secret!.id })).items[0]!.id;
  return {
    api,
    store,
    url,
    keys,
    ids,
    close: async () => {
      await api.close();
      await backends.cleanup();
    },
  };
}

/** A browser's cookies for one host, by hand: what `Set-Cookie` set, sent back as `Cookie`. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  /** The raw `Set-Cookie` lines of the last response that had any. */
  lastSetCookie: string[] = [];
  take(res: Response): void {
    const lines = res.headers.getSetCookie();
    if (lines.length > 0) this.lastSetCookie = lines;
    for (const line of lines) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0\b/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A signed-out browser on the dashboard: fetch with its cookies, no redirects followed. */
export function browser(baseUrl: string) {
  const jar = new CookieJar();
  const request = async (pathname: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (jar.cookies.size > 0) headers.set('cookie', jar.header());
    const res = await fetch(`${baseUrl}${pathname}`, { ...init, headers, redirect: 'manual' });
    jar.take(res);
    return res;
  };
  const postForm = (pathname: string, form: Record<string, string>) =>
    request(pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  /** Opens the sign-in form and posts `key`; returns the POST's answer. */
  const signIn = async (key: string, next?: string): Promise<Response> => {
    const form = await (await request(`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
    return postForm('/login', { _csrf: csrf, key, ...(next ? { next } : {}) });
  };
  return { jar, request, postForm, signIn };
}

/** The value of the first `name="_csrf"` field of a page. */
export function csrfOf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no _csrf field on the page');
  return m[1];
}

/** The finding ids a page links to, in order. */
export function findingLinks(html: string): string[] {
  return [...html.matchAll(/href="\/dashboard\/findings\/([0-9a-f-]+)"/g)].map((m) => m[1]!);
}
