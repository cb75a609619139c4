import { expect, it } from 'vitest';
import { describeEachBackend } from './backends.js';
import { seedFindings } from './seed-findings.js';

describeEachBackend('writeBatch marks known findings seen', (current) => {
  it('writes each finding its occurrences, the scan and the time, and links it to the scan', async () => {
    const { store, query } = current();
    const t = (await store.tenants.getOrCreate('acme')).id;
    const p = (await store.projects.getOrCreate(t, { name: 'app' })).id;
    const ids = await seedFindings(store, t, p, [
      { name: 'a', severity: 'low' },
      { name: 'b', severity: 'high' },
      { name: 'c', severity: 'medium' },
      { name: 'd', severity: 'info' },
    ]);
    const [a, b, c, d] = ids as [string, string, string, string];
    const scan = await store.scans.create(t, { projectId: p, provider: 'upload', kind: 'sast' });
    const seenAt = '2026-12-04T12:00:00.000Z';
    // Seen once, seen more often, and back to once; d is not in this scan.
    const updates = [
      { id: a, occurrences: 1 },
      { id: b, occurrences: 3 },
      { id: c, occurrences: 1 },
    ];
    await store.transaction((tx) =>
      tx.findings.writeBatch({ tenantId: t, projectId: p, scanId: scan.id, seenAt, inserts: [], updates }),
    );
    // A later batch of the same scan sees c again (ingest adds up its occurrences).
    await store.transaction((tx) =>
      tx.findings.writeBatch({
        tenantId: t,
        projectId: p,
        scanId: scan.id,
        seenAt,
        inserts: [],
        updates: [{ id: c, occurrences: 2 }],
      }),
    );

    const rows = await query(
      `SELECT f.id, m.occurrences, m.last_scan_id, m.last_seen_at, s.occurrences AS linked
       FROM findings f JOIN finding_seen m ON m.finding_id = f.id
       LEFT JOIN scan_findings s ON s.finding_id = f.id AND s.scan_id = '${scan.id}'
       ORDER BY f.id`,
    );
    const seen = (v: unknown) => new Date(v as string).toISOString();
    const byId = Object.fromEntries(
      rows.map((r) => [
        r.id,
        [
          Number(r.occurrences),
          r.last_scan_id,
          seen(r.last_seen_at),
          r.linked === null ? null : Number(r.linked),
        ],
      ]),
    );
    expect(byId[a]).toEqual([1, scan.id, seenAt, 1]);
    expect(byId[b]).toEqual([3, scan.id, seenAt, 3]);
    expect(byId[c]).toEqual([2, scan.id, seenAt, 2]);
    expect(byId[d]?.[1]).not.toBe(scan.id);
    expect(byId[d]?.[3]).toBeNull();
  });
});
