import type { Store } from '@scanrelay/storage';
import { type Backends, openBackends, type Service, startService } from './support/harness.js';

/** Markup and script that must come out escaped wherever the pages show it. */
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

/** A page as the browser gets it: status, headers and the HTML. */
interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** A SQLite-backed API on loopback (no worker: the tests write jobs themselves), tenants acme and other. */
export interface ScanPagesFixture {
  url: string;
  store: Store;
  tenants: { acme: string; other: string };
  /** `read` keys of acme and of other (for the JSON API the pages are compared with). */
  keys: { acme: string; other: string };
  /** Session cookies (`scanrelay_session=…`) signed in with those keys. */
  cookies: { acme: string; other: string };
  /** GET `path` with acme's session (or `cookie`), without following redirects. */
  page(path: string, cookie?: string): Promise<Page>;
  /** GET `path` of the JSON API with acme's key. */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are read field by field
  json(path: string): Promise<{ status: number; body: any }>;
  /** Drains the API (as on SIGTERM) and removes the database; once. */
  close(): Promise<void>;
}

export async function startScanPagesFixture(): Promise<ScanPagesFixture> {
  const backends: Backends = await openBackends('sqlite');
  const { store } = backends;
  const service: Service = await startService(backends, { worker: false });
  const signIn = async (tenantName: string) => {
    const tenant = await store.tenants.getOrCreate(tenantName);
    const created = await store.apiKeys.create(tenant.id, { name: 'reader', scopes: ['read'] });
    const session = await store.sessions.create({
      tenantId: tenant.id,
      apiKeyId: created.apiKey.id,
      ttlMs: 3_600_000,
    });
    return { tenantId: tenant.id, key: created.key, cookie: `scanrelay_session=${session.token}` };
  };
  let closed: Promise<void> | undefined;
  const acme = await signIn('acme');
  const other = await signIn('other');
  return {
    url: service.url,
    store,
    tenants: { acme: acme.tenantId, other: other.tenantId },
    keys: { acme: acme.key, other: other.key },
    cookies: { acme: acme.cookie, other: other.cookie },
    async page(path, cookie = acme.cookie) {
      const res = await fetch(`${service.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      return { status: res.status, headers: res.headers, html: await res.text() };
    },
    async json(path) {
      const res = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${acme.key}` } });
      return { status: res.status, body: await res.json() };
    },
    close() {
      closed ??= service.close().then(() => backends.cleanup());
      return closed;
    },
  };
}

/** The text of an HTML attribute or text node as the browser reads it (hono escapes these five). */
export function unescapeHtml(s: string): string {
  return s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The rows of the table with `caption` (its `<tbody>`), each as the text of its cells. */
export function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption>${caption}</caption>`);
  if (start < 0) return [];
  const body = html.slice(start, html.indexOf('</table>', start));
  const tbody = body.slice(body.indexOf('<tbody>'));
  return [...tbody.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      unescapeHtml((cell[1] ?? '').replace(/<[^>]*>/g, '')).trim(),
    ),
  );
}
