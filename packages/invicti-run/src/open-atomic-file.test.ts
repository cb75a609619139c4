import { execFileSync } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { openAtomicFile, writeFileAtomic } from './open-atomic-file.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
function tempDir(): string {
  const t = makeTempDir('scanrelay-atomic-');
  cleanup = t.cleanup;
  return t.dir;
}

function readAll(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    createReadStream(file, 'utf8')
      .on('data', (c) => {
        text += c;
      })
      .on('end', () => resolve(text))
      .on('error', reject);
  });
}

describe('openAtomicFile', () => {
  it('writes a regular file whole or not at all, and leaves no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'out', 'findings.json');
    await writeFileAtomic(file, 'first\n');
    const failed = await openAtomicFile(file);
    failed.stream.write('half of a second');
    await failed.abort();
    expect(readFileSync(file, 'utf8')).toBe('first\n');
    expect(readdirSync(path.dirname(file))).toEqual(['findings.json']);
  });

  it('writes straight into a FIFO, which stays a FIFO, and its reader gets every byte', async () => {
    const fifo = path.join(tempDir(), 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = readAll(fifo);
    const text = `${'x'.repeat(200_000)}\nend\n`;
    await writeFileAtomic(fifo, text);
    expect(await reading).toBe(text);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(path.dirname(fifo))).toEqual(['pipe']);
  });

  it('writes into /dev/null without replacing the device', async () => {
    await writeFileAtomic('/dev/null', 'discarded\n');
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });
});
