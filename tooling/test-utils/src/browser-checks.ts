import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// Structural types: a playwright-core `BrowserContext` and `Page` fit them, so this package needs no
// dependency on playwright-core (the browser tests' packages have it).

/** What `watchContext` needs of a playwright-core `BrowserContext`. */
export interface WatchableContext {
  on(event: 'request', listener: (request: { url(): string }) => void): unknown;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): unknown;
  on(event: 'weberror', listener: (error: { error(): Error }) => void): unknown;
}

/** What the page checks of a browser test saw: every URL requested and every console or page error. */
export interface PageWatch {
  requested: string[];
  consoleErrors: string[];
  /** The requested URLs whose origin is not `origin`. */
  elsewhere(origin: string): string[];
}

/**
 * Records, for every page of `context`, each request and each console error (CSP violations are
 * logged as errors) or uncaught exception, so a test can assert that a page loaded cleanly and asked
 * nothing of another host.
 */
export function watchContext(context: WatchableContext): PageWatch {
  const watch: PageWatch = {
    requested: [],
    consoleErrors: [],
    elsewhere: (origin) =>
      watch.requested.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin),
  };
  context.on('request', (req) => watch.requested.push(req.url()));
  context.on('console', (m) => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  context.on('weberror', (e) => watch.consoleErrors.push(e.error().message));
  return watch;
}

/** axe-core's browser bundle, resolved from the package at `fromUrl` (the test's `import.meta.url`). */
export function axeSource(fromUrl: string): string {
  return readFileSync(createRequire(fromUrl).resolve('axe-core/axe.min.js'), 'utf8');
}

/** What `seriousAxeViolations` needs of a playwright-core `Page` (in a context with `bypassCSP`). */
export interface EvaluatingPage {
  evaluate(expression: string): Promise<unknown>;
}

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  passes: unknown[];
}

/**
 * Runs axe-core on the page and returns its serious and critical violations, one line each (rule,
 * help and the elements), empty when there are none. Throws when axe ran no rule at all (a page it
 * could not read), so that an empty answer means a checked page.
 */
export async function seriousAxeViolations(page: EvaluatingPage, source: string): Promise<string[]> {
  await page.evaluate(source);
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as AxeResult;
  if (result.passes.length === 0 && result.violations.length === 0)
    throw new Error('axe-core checked nothing on this page');
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
