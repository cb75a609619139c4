import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, pathDeeperThan } from './json-depth.js';

function nested(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

describe('pathDeeperThan', () => {
  it('accepts values up to the limit and names where a deeper one goes too far', () => {
    expect(pathDeeperThan(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(pathDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe('a.a.a.a.a.a.…');
    expect(pathDeeperThan({ list: [[[1]]] }, 3)).toBe('list.0.0.…');
    expect(pathDeeperThan('text')).toBeUndefined();
  });

  it('walks a value nested 100,000 levels deep without overflowing the stack', () => {
    expect(pathDeeperThan(nested(100_000))).toBe('a.a.a.a.a.a.…');
  });
});
