import { accessSync, constants, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, whatever the working directory of the test run. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const isCi = process.env.CI === 'true' || process.env.CI === '1';

/** `SCANRELAY_FIXTURES`, or `../shared/fixtures` beside the repository. */
export const fixturesDir = process.env.SCANRELAY_FIXTURES ?? path.resolve(repoRoot, '../shared/fixtures');

export const hasFixtures = existsSync(path.join(fixturesDir, 'defectdojo', 'EXPECTED.json'));

export const pgUrl = process.env.SCANRELAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.SCANRELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function isReachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || fallbackPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Debian's chromium (or chromium-browser) on PATH, for the browser tests (playwright-core drives it). */
export const chromiumPath: string | undefined = (() => {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = path.join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {}
    }
  }
  return undefined;
})();

/** The arguments every browser test launches chromium with. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

export const hasPostgres = await isReachable(pgUrl, 5432);
export const hasRedis = await isReachable(redisUrl, 6379);

/**
 * Outside CI a missing service or fixture folder skips the tests that need it, saying so.
 * Under CI=true it is an error: the suite never passes by skipping silently.
 */
export function need(what: 'postgres' | 'redis' | 'fixtures' | 'chromium'): boolean {
  const available = {
    postgres: hasPostgres,
    redis: hasRedis,
    fixtures: hasFixtures,
    chromium: !!chromiumPath,
  };
  const where = { postgres: pgUrl, redis: redisUrl, fixtures: fixturesDir, chromium: 'chromium on PATH' };
  const ok = available[what];
  if (!ok) {
    const msg = `${what} is not available (${where[what]})`;
    if (isCi) throw new Error(`CI=true and ${msg}`);
    console.warn(`skipping tests that need ${what}: ${msg}`);
  }
  return ok;
}
