import { describe, expect, it } from 'vitest';
import { ingest } from '../src/index.js';
import { backends } from './backends.js';
import { pkg } from './findings.js';

const sqlite = backends.find((b) => b.name === 'sqlite')!;

describe('ingest of a big report in one process with an API', () => {
  it('lets the event loop run between batches, so other requests are served during the import', async () => {
    const { store, cleanup } = await sqlite.open();
    try {
      const tenant = (await store.tenants.getOrCreate('acme')).id;
      const findings = Array.from({ length: 20_000 }, (_, i) => pkg(`CVE-2024-${i}`, `lib${i}`, '1.0.0'));
      // Counts turns of the event loop (what a health request needs to be answered).
      let turns = 0;
      let running = true;
      const spin = () => {
        turns++;
        if (running) setImmediate(spin);
      };
      setImmediate(spin);
      const seenDuring: number[] = [];
      const r = await ingest(store, {
        tenant,
        project: 'big',
        scan: { provider: 'trivy' },
        findings,
        mode: 'merge',
        batchSize: 5000,
        onProgress: () => seenDuring.push(turns),
      });
      running = false;
      expect(r.created).toBe(20_000);
      // Before the last batch was written, the loop had already turned: the import did not hold it.
      expect(seenDuring.slice(0, -1).some((t) => t > 0)).toBe(true);
    } finally {
      await cleanup();
    }
  });
});
