import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  axeSource,
  CHROMIUM_ARGS,
  chromiumPath,
  need,
  seriousAxeViolations,
  watchContext,
} from '@scanrelay/test-utils';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE,
  type SecurityPageFixture,
  SHA,
  seedBlockedProject,
  startSecurityPageFixture,
} from './security-page-fixture.js';

// Under CI a missing chromium fails; only a developer's machine skips.
const run = need('chromium');
const screenshot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../test-results/security-page.png',
);
const axe = axeSource(import.meta.url);

describe.runIf(run)('the security page in Chromium', () => {
  let f: SecurityPageFixture;
  let browser: Browser;
  let pageUrl: string;

  beforeAll(async () => {
    f = await startSecurityPageFixture();
    await seedBlockedProject(f, 'widget');
    pageUrl = `${f.url}/projects/widget/security`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await f?.close();
  });

  it('renders without JavaScript: verdict, counts and the 7-character commit link, nothing from elsewhere', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      httpCredentials: { username: 'reader', password: f.keys.read },
      viewport: { width: 1200, height: 900 },
    });
    const watch = watchContext(context);
    const page = await context.newPage();
    const response = await page.goto(pageUrl);
    expect(response?.status()).toBe(200);

    await expect(page.locator('#verdict').textContent()).resolves.toBe('Verdict: fail');
    const banner = page.locator('section.banner');
    expect(await banner.textContent()).toContain('patterns found 2 critical findings');
    // The inline stylesheet applies under the CSP (its hash is right): the fail banner is red.
    expect(
      await page.evaluate("getComputedStyle(document.querySelector('section.banner')).backgroundColor"),
    ).toBe('rgb(254, 226, 226)');

    const totals = page.locator('section[aria-labelledby="totals"] td');
    expect(await totals.allTextContents()).toEqual(['2', '1', '0', '1', '0']);
    const headers = page.locator('section[aria-labelledby="totals"] th');
    expect(await headers.allTextContents()).toEqual(['Critical', 'High', 'Medium', 'Low', 'Info']);

    const commit = page.locator(`a[title="${SHA}"]`);
    expect(await commit.count()).toBe(1);
    expect(await commit.textContent()).toBe(SHA.slice(0, 7));
    expect(await commit.getAttribute('href')).toBe(`http://127.0.0.1:9/acme/widget/commit/${SHA}`);

    // file:line links to that file at the scanned commit.
    const file = page.locator('.finding-meta a', { hasText: 'src/run.js:12' });
    expect(await file.getAttribute('href')).toBe(`http://127.0.0.1:9/acme/widget/blob/${SHA}/src/run.js#L12`);

    // The hostile finding is text, not markup.
    expect(await page.locator('.finding-title', { hasText: '<script>' }).textContent()).toBe(HOSTILE);
    expect(await page.locator('script, img, iframe, link, object, embed').count()).toBe(0);
    const groups = await page.locator('section[aria-labelledby="findings"] h3 .badge').allTextContents();
    expect(groups).toEqual(['Critical', 'High', 'Low']);

    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });

    const origin = new URL(f.url).origin;
    expect(watch.requested.length).toBeGreaterThan(0);
    expect(watch.elsewhere(origin)).toEqual([]);
    expect(watch.consoleErrors).toEqual([]);
    await context.close();
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    // axe needs script: a JS-enabled context that lets the injected source run despite the page's CSP.
    const context = await browser.newContext({
      javaScriptEnabled: true,
      bypassCSP: true,
      httpCredentials: { username: 'reader', password: f.keys.read },
    });
    const page = await context.newPage();
    expect((await page.goto(pageUrl))?.status()).toBe(200);
    // Throws when axe checked nothing (a page it could not read).
    expect(await seriousAxeViolations(page, axe)).toEqual([]);
    await context.close();
  });
});
