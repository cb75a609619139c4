import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_PAGE_CSP } from '../src/security-page/page-headers.js';
import {
  HOSTILE,
  type SecurityPageFixture,
  SHA,
  seedBlockedProject,
  startSecurityPageFixture,
} from './security-page-fixture.js';

const PAGE = '/projects/widget/security';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

function expectPageHeaders(res: Response): void {
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('content-security-policy')).toBe(SECURITY_PAGE_CSP);
  expect(SECURITY_PAGE_CSP).toMatch(
    /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
  );
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('GET /projects/:name/security', () => {
  let f: SecurityPageFixture;
  const get = (url: string, headers: Record<string, string> = {}) => f.api.app.request(url, { headers });

  beforeAll(async () => {
    f = await startSecurityPageFixture();
    await seedBlockedProject(f, 'widget');
  });
  afterAll(async () => {
    await f?.close();
  });

  it('answers 401 HTML with a Basic challenge without a key, and for a wrong one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: basic('me', 'sr_not_a_key') },
      { authorization: 'Bearer nope' },
    ];
    for (const headers of attempts) {
      const res = await get(PAGE, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="scanrelay", charset="UTF-8"');
      expectPageHeaders(res);
      const html = await res.text();
      expect(html).toContain('<h1>Sign-in required</h1>');
      expect(html).not.toContain('found 2 critical');
    }
  });

  it('answers 403 HTML without the read scope, and no challenge', async () => {
    const res = await get(PAGE, { authorization: basic('ci', f.keys.upload) });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expectPageHeaders(res);
    expect(await res.text()).toContain('lacks the &quot;read&quot; scope');
  });

  it('opens with HTTP Basic (any user name, the key as password) and with a bearer key', async () => {
    for (const authorization of [basic('anyone at all', f.keys.read), `Bearer ${f.keys.read}`]) {
      const res = await get(PAGE, { authorization });
      expect(res.status).toBe(200);
      expectPageHeaders(res);
      const html = await res.text();
      expect(html).toContain('<h1>Security of widget</h1>');
      expect(html).toContain('<h2 id="verdict">Verdict: fail</h2>');
      expect(html).toContain('patterns found 2 critical findings');
      expect(html).toContain(
        `<a href="http://127.0.0.1:9/acme/widget/commit/${SHA}" title="${SHA}" rel="noopener noreferrer"><code>${SHA.slice(0, 7)}</code></a>`,
      );
    }
  });

  it('shows what the JSON view holds, with every hostile value escaped', async () => {
    const json = (await (await get(`/api/v1${PAGE}`, { authorization: `Bearer ${f.keys.read}` })).json()) as {
      counts: Record<string, number>;
      providers: { provider: string; status: string }[];
    };
    expect(json.counts).toEqual({ critical: 2, high: 1, medium: 0, low: 1, info: 0 });
    const html = await (await get(PAGE, { authorization: basic('', f.keys.read) })).text();
    expect(html).toMatch(
      /<caption>Findings of all providers’ current results<\/caption>.*<td data-severity="critical">2<\/td><td data-severity="high">1<\/td><td data-severity="medium">0<\/td><td data-severity="low">1<\/td><td data-severity="info">0<\/td>/s,
    );
    for (const p of json.providers) expect(html).toContain(`<h3>${p.provider}</h3>`);
    expect(json.providers.map((p) => [p.provider, p.status]).sort()).toEqual([
      ['patterns', 'completed'],
      ['semgrep', 'pending'],
    ]);
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
  });

  it("answers 404 HTML for another tenant's project and for an unknown one, alike", async () => {
    const other = await get(PAGE, { authorization: basic('x', f.keys.otherTenant) });
    const unknown = await get('/projects/nothing-here/security', { authorization: basic('x', f.keys.read) });
    for (const res of [other, unknown]) {
      expect(res.status).toBe(404);
      expectPageHeaders(res);
    }
    const otherHtml = await other.text();
    expect(otherHtml).toContain('<h1>Project not found</h1>');
    expect(otherHtml.slice(otherHtml.indexOf('<main>'))).not.toMatch(/critical|c0ffee/);
    expect((await unknown.text()).replace('nothing-here', 'widget')).toBe(otherHtml);
  });

  it('stays out of the OpenAPI document (it is not part of /api/v1)', async () => {
    const doc = (await (await get('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toContain('/api/v1/projects/{name}/security');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/projects/'))).toEqual([]);
  });
});
