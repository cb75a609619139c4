import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Runs the `scanrelay` executable from its sources in a fresh Node. */
function scanrelay(...args: string[]) {
  return spawnSync(process.execPath, ['--conditions=@scanrelay/source', '--import', 'tsx', bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

describe('bin', () => {
  // bin.ts turns on Node's compile cache where Node has one (22.1+), then imports the CLI dynamically.
  it('prints the version and exits 0', () => {
    const r = scanrelay('--version');
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.status).toBe(0);
  });

  it('exits 2 (usage) for an unknown command', () => {
    const r = scanrelay('no-such-command');
    expect(r.status).toBe(2);
  });
});
