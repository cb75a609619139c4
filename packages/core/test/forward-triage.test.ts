import type { TriagedFinding } from '@scanrelay/findings-schema';
import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanFindings } from '../src/forward/scan-findings.js';
import { ingest } from '../src/index.js';
import { backends } from './backends.js';
import { pkg } from './findings.js';

const DAY = 86_400_000;

async function collect(findings: AsyncIterable<TriagedFinding>): Promise<TriagedFinding[]> {
  const out: TriagedFinding[] = [];
  for await (const f of findings) out.push(f);
  return out;
}

for (const backend of backends) {
  describe.runIf(backend.enabled)(`forwarded findings carry their triage on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup?.());

    it('a false positive and an unexpired accepted risk go out triaged; open and expired ones do not', async () => {
      const tenant = (await store.tenants.getOrCreate('acme')).id;
      const { scanId } = await ingest(store, {
        tenant,
        project: 'shop',
        scan: { provider: 'trivy', kind: 'sca' },
        mode: 'new',
        findings: (async function* () {
          yield pkg('CVE-2024-0001', 'openssl', '3.0.1', 'critical');
          yield pkg('CVE-2024-0002', 'zlib', '1.2.11', 'high');
          yield pkg('CVE-2024-0003', 'curl', '8.0.0', 'medium');
        })(),
      });
      const stored = await store.findings.list(tenant, { scanId, limit: 10 });
      const id = (rule: string) => stored.items.find((f) => f.finding.ruleId === rule)?.id ?? '';
      const at = new Date().toISOString();
      const until = new Date(Date.now() + 30 * DAY).toISOString();
      await store.findings.triage(tenant, id('CVE-2024-0001'), {
        status: 'false-positive',
        reason: 'the vulnerable code is compiled out',
        actor: 'key:abc123',
        at,
      });
      await store.findings.triage(tenant, id('CVE-2024-0002'), {
        status: 'accepted-risk',
        reason: 'internal only',
        actor: 'key:abc123',
        at,
        acceptedUntil: until,
      });

      const now = await collect(scanFindings(store, tenant, scanId));
      const byRule = Object.fromEntries(now.map((f) => [f.ruleId, f]));
      expect(now).toHaveLength(3);
      expect(byRule['CVE-2024-0001']?.triage).toEqual({
        status: 'false-positive',
        reason: 'the vulnerable code is compiled out',
        at,
      });
      expect(byRule['CVE-2024-0002']?.triage).toEqual({
        status: 'accepted-risk',
        reason: 'internal only',
        acceptedUntil: until,
        at,
      });
      expect(byRule['CVE-2024-0003']).not.toHaveProperty('triage');
      // The finding itself is the stored canonical finding, with the stored id.
      expect(byRule['CVE-2024-0003']?.id).toBe(id('CVE-2024-0003'));

      // Past the expiry the acceptance no longer holds: it goes out open (the next read reopens it).
      const later = await collect(scanFindings(store, tenant, scanId, () => Date.now() + 31 * DAY));
      const laterByRule = Object.fromEntries(later.map((f) => [f.ruleId, f]));
      expect(laterByRule['CVE-2024-0002']).not.toHaveProperty('triage');
      expect(laterByRule['CVE-2024-0001']?.triage?.status).toBe('false-positive');

      // Another tenant sees none of the scan's findings.
      const other = (await store.tenants.getOrCreate('initech')).id;
      expect(await collect(scanFindings(store, other, scanId))).toEqual([]);
    });
  });
}
