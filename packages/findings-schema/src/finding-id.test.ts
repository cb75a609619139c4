import { describe, expect, it } from 'vitest';
import { findingSchema } from './finding.js';
import { newFindingId } from './finding-id.js';

describe('newFindingId', () => {
  it('gives distinct version 4 UUIDs that the finding schema accepts, across pool refills', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 2000; i++) ids.add(newFindingId());
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(findingSchema.shape.id.safeParse(id).success).toBe(true);
    }
  });

  it('uses every hex digit in the random positions', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) for (const c of newFindingId().replaceAll('-', '')) seen.add(c);
    expect(seen.size).toBe(16);
  });
});
