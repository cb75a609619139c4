// Before the suite runs: under CI=true, PostgreSQL, Redis and the shared fixtures must be there.
// Locally, missing pieces are reported and the tests that need them skip with a visible message.
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const isCi = process.env.CI === 'true' || process.env.CI === '1';
const fixtures = process.env.SCANRELAY_FIXTURES ?? path.resolve(process.cwd(), '../shared/fixtures');

function reachable(url, fallbackPort) {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname || '127.0.0.1', port: Number(u.port || fallbackPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const checks = [
  ['PostgreSQL', process.env.SCANRELAY_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432],
  ['Redis', process.env.SCANRELAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379],
];
const missing = [];
for (const [name, url, port] of checks) {
  if (!(await reachable(url, port)))
    missing.push(`${name} is not reachable at ${url.replace(/\/\/[^@/]*@/, '//')}`);
}
if (!existsSync(path.join(fixtures, 'defectdojo', 'EXPECTED.json'))) {
  missing.push(`the shared fixtures are missing at ${fixtures} (set SCANRELAY_FIXTURES)`);
}
for (const m of missing) console.error(`${isCi ? 'error' : 'warning'}: ${m}`);
if (missing.length > 0 && isCi) {
  console.error('CI=true: the suite needs every service and the fixtures; refusing to run a partial suite.');
  process.exit(1);
}
