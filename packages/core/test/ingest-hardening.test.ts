import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, isCoreError } from '../src/index.js';
import { backends } from './backends.js';
import { pkg, sast } from './findings.js';

for (const backend of backends) {
  describe.runIf(backend.enabled)(`ingest hardening on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let acme: string;
    let other: string;

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      acme = (await store.tenants.getOrCreate('acme')).id;
      other = (await store.tenants.getOrCreate('other')).id;
    });
    afterAll(() => cleanup?.());

    it('answers not_found alike for another tenant’s scan and an unknown one when the scan must exist', async () => {
      const theirs = await ingest(store, {
        tenant: other,
        project: 'p',
        scan: { provider: 'trivy' },
        findings: [pkg('CVE-1', 'a', '1')],
        mode: 'merge',
      });
      for (const id of [theirs.scanId, crypto.randomUUID()]) {
        const err = await ingest(store, {
          tenant: acme,
          project: 'p',
          scan: { id, existing: true, provider: 'trivy' },
          findings: [pkg('CVE-1', 'a', '1')],
          mode: 'merge',
        }).catch((e: unknown) => e);
        expect(isCoreError(err) && err.code).toBe('not_found');
      }
      expect(await store.projects.getByName(acme, 'p')).toBeUndefined();
    });

    it('stores finding text without NUL, in every string and key', async () => {
      const f = sast('rule\u0000-1', 'src/a\u0000.js', { text: 'bad\u0000 thing' });
      const withAttrs = { ...f, attributes: { 'k\u0000': { v: ['x\u0000'] } } };
      const r = await ingest(store, {
        tenant: acme,
        project: 'nul',
        scan: { provider: 'semgrep' },
        findings: [withAttrs],
        mode: 'merge',
      });
      expect(r.created).toBe(1);
      const [stored] = (await store.findings.list(acme, { projectId: r.projectId })).items;
      expect(stored?.ruleId).toBe('rule-1');
      expect(stored?.finding).toMatchObject({
        description: 'bad thing',
        location: { file: 'src/a.js' },
        attributes: { k: { v: ['x'] } },
      });
    });

    it('refuses a finding whose attributes nest 5,000 levels deep, naming it, and writes nothing', async () => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < 5000; i++) deep = { a: deep };
      const f = { ...sast('rule-deep', 'src/deep.js'), attributes: { raw: deep } };
      const err = await ingest(store, {
        tenant: acme,
        project: 'deep',
        scan: { provider: 'semgrep' },
        findings: [f],
        mode: 'merge',
      }).catch((e: unknown) => e);
      expect(isCoreError(err) && err.code).toBe('invalid_finding');
      expect((err as Error).message).toMatch(
        /attributes\.raw\.a\.a\.a\.a\.a\.…: nested deeper than 64 levels; nothing was written/,
      );
      expect(await store.projects.getByName(acme, 'deep')).toBeUndefined();
    });

    it.each(['.', '..', 'a\u0000b', ''])('refuses the project name %j', async (name) => {
      const err = await ingest(store, {
        tenant: acme,
        project: name,
        scan: { provider: 'trivy' },
        findings: [],
        mode: 'merge',
      }).catch((e: unknown) => e);
      expect(isCoreError(err) && err.code).toBe('invalid_input');
    });
  });
}
