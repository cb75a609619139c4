import { describe, expect, it } from 'vitest';
import { invictiDispatchCorrelationId, invictiFetchJobId, scanIdFor } from './scan-identity.js';

const tenant = '0190f3a2-7c1e-7d4b-9a8e-2f6b1c3d4e5f';
const invictiScan = 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff';

// Values computed with the apps' stable-uuid.ts before the ids moved here: stored scans, jobs and
// dispatches depend on them, so they must never change.
describe('scan identity', () => {
  it('gives the stored scan id of a provider scan', () => {
    expect(scanIdFor(tenant, 'invicti', invictiScan)).toBe('4ab3fd72-7c13-5bbc-8a6b-5fdb908d9036');
    expect(scanIdFor(tenant, 'trivy', 'upload:0190f3a2-0000-7000-8000-000000000001')).toBe(
      '2f866936-d98b-5c4d-b4a9-69fdf8cc0b60',
    );
  });

  it('gives the fetch-invicti-issues job id and the dispatch correlation id', () => {
    expect(invictiFetchJobId(tenant, invictiScan)).toBe('22958930-b360-5c5f-aa27-71655042b036');
    expect(invictiDispatchCorrelationId(invictiScan)).toBe('92feb4b4-e731-5f30-bb5b-9ebf56ed75f8');
  });

  it('derives different ids from different names, each UUID-shaped', () => {
    const ids = [
      scanIdFor(tenant, 'invicti', invictiScan),
      scanIdFor('other-tenant', 'invicti', invictiScan),
      scanIdFor(tenant, 'semgrep', invictiScan),
      invictiFetchJobId(tenant, invictiScan),
      invictiDispatchCorrelationId(invictiScan),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
