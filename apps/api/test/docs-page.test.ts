import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityPageFixture, startSecurityPageFixture } from './security-page-fixture.js';

/** swagger-ui-dist's directory, the way the API finds it. */
const swaggerUiDir = (createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string)();

describe('GET /docs and its files over HTTP', () => {
  let f: SecurityPageFixture;

  beforeAll(async () => {
    f = await startSecurityPageFixture();
  });
  afterAll(async () => {
    await f?.close();
  });

  it('serves the page under a CSP that allows only this service', async () => {
    const res = await fetch(`${f.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "font-src 'self'",
      "manifest-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    // Every file the page loads is a path on this service, and answers.
    const html = await res.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs).toEqual(
      expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/docs.js', '/docs/swagger-ui.css']),
    );
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\/[^/]/);
      const asset = await fetch(f.url + ref);
      await asset.arrayBuffer();
      expect(asset.status, ref).toBe(200);
    }
    expect(html).toContain('data-openapi-url="/openapi.json"');
  });

  it("serves swagger-ui-dist's own bytes, gzipped when the client accepts it", async () => {
    const onDisk = readFileSync(path.join(swaggerUiDir, 'swagger-ui-bundle.js'));
    const plain = await fetch(`${f.url}/docs/swagger-ui-bundle.js`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-length')).toBe(String(onDisk.length));
    expect(Buffer.from(await plain.arrayBuffer()).equals(onDisk)).toBe(true);

    // fetch decompresses: the bytes that arrive are the file's, and they travelled gzipped.
    const gzipped = await fetch(`${f.url}/docs/swagger-ui-bundle.js`, {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(Number(gzipped.headers.get('content-length'))).toBeLessThan(onDisk.length / 2);
    expect(gzipped.headers.get('vary')).toBe('accept-encoding');
    expect(Buffer.from(await gzipped.arrayBuffer()).equals(onDisk)).toBe(true);

    const css = await fetch(`${f.url}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toBe(readFileSync(path.join(swaggerUiDir, 'swagger-ui.css'), 'utf8'));
  });

  it("starts Swagger UI with the service's document and no validator badge from another host", async () => {
    const res = await fetch(`${f.url}/docs/docs.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const script = await res.text();
    expect(script).toContain('validatorUrl: null');
    expect(script).toContain('queryConfigEnabled: false');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it('serves no other file of the package, nor anything outside it', async () => {
    // swagger-ui-dist's own initializer would load the Petstore document from petstore.swagger.io.
    for (const p of [
      '/docs/swagger-initializer.js',
      '/docs/index.html',
      '/docs/package.json',
      '/docs/..%2Fpackage.json',
      '/docs/..%2F..%2Fpackage.json',
      '/docs/%2E%2E%2Fswagger-ui-dist%2Fpackage.json',
    ]) {
      const res = await fetch(f.url + p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('content-type'), p).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code, p).toBe('NOT_FOUND');
    }
  });
});
