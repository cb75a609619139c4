import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readJson, useInvictiRun } from './support.js';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('./fixtures/run-fire-and-forget.ts', import.meta.url));

const { fake, dir, start } = useInvictiRun();

describe('a fire-and-forget run', () => {
  it('launches over node:http, without loading the fetch classes (undici)', async () => {
    // A child process: this one has loaded undici for the fake's own Request/Response.
    await start();
    const { stdout } = await run(
      process.execPath,
      ['--conditions=@scanrelay/source', '--import', 'tsx', FIXTURE],
      {
        env: { ...process.env, INVICTI_URL: fake().url, OUTPUT_DIR: dir() },
      },
    );
    expect(JSON.parse(stdout)).toEqual({ kind: 'launched', undici: 0 });
    const scanId = fake().scans()[0]?.id;
    expect(readJson(dir(), 'scan-metadata.json')).toMatchObject({ scanId, status: 'Launched' });
    expect(fake().requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/1.0/scans/newwithprofile 201',
    ]);
  });
});
