import { readFileSync } from 'node:fs';
import { runCli } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('scanrelay --version', () => {
  it("prints apps/cli/package.json's version", async () => {
    const res = await runCli(['--version']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toBe(packageVersion);
  });
});
