import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const moduleUrl = new URL('./exit-when-done.ts', import.meta.url).href;

/** Runs a small ES module in a fresh Node (through tsx, for the TypeScript import) and returns its end. */
function run(body: string) {
  const script = `import { exitWhenDone } from ${JSON.stringify(moduleUrl)};\n${body}`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    timeout: 60_000,
  });
}

describe('exitWhenDone', () => {
  it('ends a process that a forgotten handle would keep alive, with its code, naming the handle', () => {
    const r = run(`import net from 'node:net';
net.createServer().listen(0, '127.0.0.1', () => exitWhenDone(3, 200));`);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/work was still open \(.*TCPServerWrap.*\)/);
  });

  it('lets a process with nothing open end at once, silently, with its code', () => {
    const r = run('exitWhenDone(0, 60_000);');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
