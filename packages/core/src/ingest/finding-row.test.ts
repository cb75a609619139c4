import { createHash } from 'node:crypto';
import type { Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { toFindingRow } from './finding-row.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

// A Trivy finding as `createFinding` builds it (keys in schema order).
const lodash = {
  id: '0b8f6c1e-3d5a-4a7e-9f2b-1c2d3e4f5a6b',
  fingerprint: 'a'.repeat(64),
  tool: { id: 'trivy', name: 'Trivy', version: '0.58.0' },
  ruleId: 'CVE-2024-12345',
  name: 'Vulnerability in lodash',
  description: 'lodash before 4.17.21 allows "prototype" pollution\nvia zipObjectDeep — ünïcödé ✓',
  severity: 'high',
  category: 'vulnerability',
  location: {
    kind: 'package',
    name: 'lodash',
    version: '4.17.20',
    fixedVersion: '4.17.21',
    purl: 'pkg:npm/lodash@4.17.20',
    ecosystem: 'npm',
    path: 'package-lock.json',
  },
  cwe: ['CWE-1321'],
  cve: ['CVE-2024-12345'],
  cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
  references: ['https://avd.aquasec.com/nvd/cve-2024-12345'],
  mitigation: 'Upgrade lodash to 4.17.21',
  occurrences: 3,
  identifiedAt: '2026-11-30T10:00:00.000Z',
  attributes: { target: 'package-lock.json', resource: '', nested: { a: [1, 2, { b: null }] } },
} as unknown as Finding;

/**
 * Stored rows compare by these: the values below were computed by the code that wrote the rows
 * already in databases (before the ingest rework of issue 15), and must not move.
 */
describe('toFindingRow keeps the stored content hash and JSON of a finding', () => {
  it('hashes everything but id, occurrences and identifiedAt, and appends identifiedAt to the JSON', () => {
    const row = toFindingRow(lodash);
    expect(row.contentHash).toBe('543d6afb52ca6c806407ecb3c6052dc78c5f27df37189aadb4b3d4da14015a96');
    expect(sha256(row.data)).toBe('055e1a8c011874f9e4d291b583dea5f6727a64b6969127246429940171633c74');
    expect(row.data.length).toBe(880);
    expect(row.data.endsWith(',"identifiedAt":"2026-11-30T10:00:00.000Z"}')).toBe(true);
    expect(JSON.parse(row.data)).not.toHaveProperty('id');
    expect(row).toMatchObject({
      fingerprint: 'a'.repeat(64),
      tool: 'trivy',
      scanner: 'trivy',
      ruleId: 'CVE-2024-12345',
      severity: 'high',
      occurrences: 3,
      title: 'Vulnerability in lodash',
      locationKind: 'package',
      locator: 'lodash',
    });
  });

  it('strips NUL from strings and keys before hashing', () => {
    const { identifiedAt: _, ...rest } = lodash;
    const row = toFindingRow({
      ...rest,
      name: 'NUL\u0000name',
      attributes: { 'k\u0000ey': 'v\u0000al' },
    } as Finding);
    expect(row.contentHash).toBe('068153f53a66d30ba8551979789ea521193c1a0ab69a5e839dd9c35f3f354702');
    expect(sha256(row.data)).toBe(row.contentHash);
    expect(row.title).toBe('NULname');
    expect(JSON.parse(row.data).attributes).toEqual({ key: 'val' });
  });

  it('hashes a finding without id, location or identifiedAt the same way', () => {
    const { id: _i, location: _l, identifiedAt: _t, ...rest } = lodash;
    const row = toFindingRow(rest as Finding);
    expect(row.contentHash).toBe('38645c476537a547ac544f344e8d309480d61fcacd16099c7eebc2df3642080c');
    expect(row.data.length).toBe(670);
    expect(row).toMatchObject({ locationKind: null, locator: null, occurrences: 3 });
  });
});
