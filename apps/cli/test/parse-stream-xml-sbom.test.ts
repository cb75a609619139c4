import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { makeTempDir, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { generateBurp, generateCyclonedx } from '../../../bench/parse/generate-wave2.js';

const tmp = makeTempDir('scanrelay-parse-stream-');
afterAll(() => tmp.cleanup());

/** The last `bytes` of a file, as text. */
async function tailOf(file: string, bytes: number): Promise<string> {
  const fh = await open(file);
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, bytes));
    await fh.read(buf, 0, buf.length, size - buf.length);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

// The second wave's two large shapes, XML (the streaming element reader every XML format uses) and a
// CycloneDX SBOM whose vulnerabilities refer to components by bom-ref: each parses to the end with a heap
// several times smaller than the report, so memory stays flat in the report's size.
describe('scanrelay parse streams reports larger than its heap', () => {
  // The SBOM's components are kept by bom-ref while its vulnerabilities stream by (one per four
  // vulnerabilities here: 30,000 components in 144 MB), hence its larger heap.
  it.each([
    ['burp', generateBurp, 'burp.xml', 32],
    ['cyclonedx', generateCyclonedx, 'bom.json', 48],
  ] as const)(
    '%s: a report 3× the heap limit parses to the end, every finding written',
    async (scanner, generate, name, heapMb) => {
      const report = path.join(tmp.dir, name);
      const out = path.join(tmp.dir, `${name}.findings.json`);
      generate(report, 3 * heapMb * 1024 * 1024);
      expect(statSync(report).size).toBeGreaterThan(3 * heapMb * 1024 * 1024);
      const r = await runCli(['parse', report, '-f', 'json', '-o', out], {
        env: { NODE_OPTIONS: `--max-old-space-size=${heapMb}` },
      });
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      const counted = new RegExp(`scanrelay: ${scanner}: (\\d+) findings`).exec(r.stderr);
      expect(counted, r.stderr.slice(-2000)).not.toBeNull();
      const n = Number(counted?.[1]);
      expect(n).toBeGreaterThan(30_000);
      // The output is a JSON array closed after its last finding, which names the tool.
      const tail = await tailOf(out, 64 * 1024);
      expect(tail.trimEnd().endsWith(']')).toBe(true);
      expect(tail).toContain(`"tool":{"id":"${scanner}"`);
    },
    300_000,
  );
});
