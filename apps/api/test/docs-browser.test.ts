import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectSecuritySchema } from '@scanrelay/api-schema';
import { CHROMIUM_ARGS, chromiumPath, need } from '@scanrelay/test-utils';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SecurityPageFixture,
  seedBlockedProject,
  startSecurityPageFixture,
} from './security-page-fixture.js';

// Under CI a missing chromium fails; only a developer's machine skips.
const run = need('chromium');
const screenshot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-results/docs.png');
/** Swagger UI's id of an operation: `operations-<first tag>-<operationId>`. */
const SECURITY_OP = '#operations-sast-getProjectSecurity';

describe.runIf(run)('/docs in Chromium', () => {
  let f: SecurityPageFixture;
  let browser: Browser;

  beforeAll(async () => {
    f = await startSecurityPageFixture();
    await seedBlockedProject(f, 'widget');
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  /** A page that records every request and every console error (CSP violations are logged as errors). */
  async function openDocs(javaScriptEnabled: boolean) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 1000 } });
    const requested: { url: string; authorization?: string }[] = [];
    const consoleErrors: string[] = [];
    context.on('request', (req) =>
      requested.push({ url: req.url(), authorization: req.headers().authorization }),
    );
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    const response = await page.goto(`${f.url}/docs`);
    return { context, page, response, requested, consoleErrors };
  }

  async function expandSecurityOperation(page: Page) {
    const op = page.locator(SECURITY_OP);
    await op.locator('.opblock-summary-control').click();
    return op;
  }

  it("shows an operation's response schema from /openapi.json, with every file from this service", async () => {
    const { context, page, response, requested, consoleErrors } = await openDocs(true);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");

    const op = await expandSecurityOperation(page);
    // The 200 response's schema, shown as a model (not only an example): the component's name and
    // exactly the properties of the schema the route answers with.
    const model = op.locator('tr[data-code="200"] .model-box');
    await expect(model.locator('.json-schema-2020-12__title').first().textContent()).resolves.toBe(
      'ProjectSecurity',
    );
    const properties = await model
      .locator('article[data-json-schema-level="1"] > .json-schema-2020-12-head .json-schema-2020-12__title')
      .allTextContents();
    expect(properties.sort()).toEqual(Object.keys(projectSecuritySchema.shape).sort());
    expect(properties).toContain('verdict');
    // The security requirement is shown: the lock of an operation that takes an API key.
    expect(await op.locator('.authorization__btn').count()).toBe(1);

    mkdirSync(path.dirname(screenshot), { recursive: true });
    await op.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshot });

    const origin = new URL(f.url).origin;
    const urls = requested.map((r) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        `${origin}/docs`,
        `${origin}/docs/swagger-ui-bundle.js`,
        `${origin}/docs/swagger-ui.css`,
        `${origin}/docs/docs.js`,
        `${origin}/openapi.json`,
      ]),
    );
    expect(urls.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('runs "Try it out" against this service with the API key given to Authorize', async () => {
    const { context, page, requested, consoleErrors } = await openDocs(true);
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    // The first scheme is `apiKey` (Authorization: Bearer).
    const bearer = dialog.locator('.auth-container').first();
    await expect(bearer.locator('h4').textContent()).resolves.toContain('apiKey');
    await bearer.locator('input').fill(f.keys.read);
    await bearer.locator('button.authorize').click();
    await dialog.locator('button.close-modal').click();

    const op = await expandSecurityOperation(page);
    await op.locator('.try-out__btn').click();
    await op.locator('input[placeholder="name"]').fill('widget');
    await op.locator('button.execute').click();
    const live = op.locator('.live-responses-table');
    await expect(live.locator('tbody .response-col_status').first().textContent()).resolves.toBe('200');
    const body = JSON.parse(
      (await live.locator('tbody .response-col_description pre').first().textContent()) ?? '',
    );
    expect(body).toMatchObject({ project: 'widget', verdict: 'fail', blocked: true });

    const origin = new URL(f.url).origin;
    expect(requested).toContainEqual({
      url: `${origin}/api/v1/projects/widget/security`,
      authorization: `Bearer ${f.keys.read}`,
    });
    expect(requested.filter((r) => new URL(r.url).origin !== origin)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it('lists the operations without JavaScript', async () => {
    const { context, page, requested } = await openDocs(false);
    const headings = await page.locator('noscript .docs-index h2, .docs-index h2').allTextContents();
    expect(headings).toContain('GET /api/v1/projects/{name}/security');
    expect(headings).toContain('POST /v1/findings');
    expect(await page.locator('h1').textContent()).toMatch(/^scanrelay API \d+\.\d+\.\d+/);
    const origin = new URL(f.url).origin;
    expect(requested.filter((r) => new URL(r.url).origin !== origin)).toEqual([]);
    await context.close();
  });
});
