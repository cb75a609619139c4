import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS, chromiumPath } from '@scanrelay/test-utils';
import { chromium } from 'playwright-core';

/** `apps/cli/test-results/<name>`. */
export function testResultPath(name: string): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results', name);
}

/** What a person sees on the security page. */
export interface SecurityPageView {
  status: number | undefined;
  verdict: string | null;
  banner: string;
  /** The totals row: critical, high, medium, low, info. */
  totals: string[];
  /** The links whose title is the full commit sha: their text and target. */
  commitLinks: { text: string | null; href: string | null }[];
  /** Requests to any other origin than the page's. */
  foreignRequests: string[];
}

/**
 * Loads `pageUrl` in real Chromium without JavaScript, signed in the way a browser's prompt does it
 * (Basic, the API key as the password), reads what a person checks, and saves a full-page screenshot.
 */
export async function readSecurityPage(
  pageUrl: string,
  apiKey: string,
  commit: string,
  screenshot: string,
): Promise<SecurityPageView> {
  if (chromiumPath === undefined) throw new Error('chromium (or chromium-browser) is not on PATH');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      httpCredentials: { username: 'ci', password: apiKey },
      viewport: { width: 1200, height: 900 },
    });
    const requested: string[] = [];
    context.on('request', (req) => requested.push(req.url()));
    const page = await context.newPage();
    const response = await page.goto(pageUrl);
    const links = page.locator(`a[title="${commit}"]`);
    const commitLinks = await Promise.all(
      (await links.all()).map(async (a) => ({
        text: await a.textContent(),
        href: await a.getAttribute('href'),
      })),
    );
    const view: SecurityPageView = {
      status: response?.status(),
      verdict: await page.locator('#verdict').textContent(),
      banner: (await page.locator('section.banner').textContent()) ?? '',
      totals: await page.locator('section[aria-labelledby="totals"] td').allTextContents(),
      commitLinks,
      foreignRequests: requested.filter((u) => new URL(u).origin !== new URL(pageUrl).origin),
    };
    mkdirSync(path.dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    await context.close();
    return view;
  } finally {
    await browser.close();
  }
}
