import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpiryQueue } from './expiry-queue.js';

describe('ExpiryQueue', () => {
  it('pops records earliest first, whatever the order of pushes and pops', () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 50 }) }),
      fc.constant({ pop: true as const }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const queue = new ExpiryQueue();
        const model: { at: number; id: string }[] = [];
        let n = 0;
        for (const o of ops) {
          if ('push' in o) {
            const id = `id${n++}`;
            queue.push(o.push, id);
            model.push({ at: o.push, id });
          } else if (model.length > 0) {
            const earliest = Math.min(...model.map((r) => r.at));
            expect(queue.peekExpiry()).toBe(earliest);
            const id = queue.pop();
            const index = model.findIndex((r) => r.id === id);
            expect(model[index]?.at).toBe(earliest);
            model.splice(index, 1);
          }
          expect(queue.size).toBe(model.length);
        }
      }),
    );
  });

  it('rebuild keeps one record per live entry', () => {
    const queue = new ExpiryQueue();
    for (const [at, id] of [
      [30, 'a'],
      [10, 'b'],
      [20, 'c'],
      [10, 'gone'],
    ] as const)
      queue.push(at, id);
    queue.rebuild(
      new Map([
        ['a', 30],
        ['c', 20],
        ['b', 10],
      ]),
    );
    expect(queue.size).toBe(3);
    expect([queue.pop(), queue.pop(), queue.pop()]).toEqual(['b', 'c', 'a']);
  });
});
