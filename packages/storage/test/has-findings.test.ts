import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { seedFindings } from './seed-findings.js';

describeEachBackend('findings.hasFindings', (current) => {
  it('is false for an empty project and true once it has a finding, whatever its status', async () => {
    const { store } = current();
    const t = (await store.tenants.getOrCreate('acme')).id;
    const other = (await store.tenants.getOrCreate('globex')).id;
    const app = (await store.projects.getOrCreate(t, { name: 'app' })).id;
    const api = (await store.projects.getOrCreate(t, { name: 'api' })).id;
    expect(await store.findings.hasFindings(t, app)).toBe(false);

    const [id] = await seedFindings(store, t, app, [{ name: 'SQL injection', severity: 'high' }]);
    expect(await store.findings.hasFindings(t, app)).toBe(true);
    // Scoped by project and by tenant.
    expect(await store.findings.hasFindings(t, api)).toBe(false);
    expect(await store.findings.hasFindings(other, app)).toBe(false);

    await store.findings.triage(t, id!, {
      status: 'false-positive',
      actor: 'key:alice',
      reason: 'test code',
      at: new Date().toISOString(),
    });
    expect(await store.findings.hasFindings(t, app)).toBe(true);
    // Inside a transaction, as ingest asks it.
    expect(await store.transaction((tx) => tx.findings.hasFindings(t, app))).toBe(true);
  });
});
