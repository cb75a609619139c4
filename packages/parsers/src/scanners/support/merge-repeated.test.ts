import { createFinding, type Finding } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { collect } from '../../registry.js';
import { mergeRepeated } from './merge-repeated.js';

const finding = (line: number): Finding =>
  createFinding({
    tool: { id: 'semgrep', name: 'Semgrep' },
    ruleId: 'r',
    name: 'r',
    severity: 'low',
    category: 'SAST',
    location: { kind: 'source', file: 'a.js', startLine: line },
    attributes: { seen: [line] },
  });
async function* from(lines: number[]) {
  for (const l of lines) yield finding(l);
}

describe('mergeRepeated', () => {
  it('merges same-fingerprint findings into the first, in first-seen order, summing occurrences', async () => {
    const out = await collect(mergeRepeated(from([1, 2, 1, 3, 2, 1])));
    expect(out.map((f) => [f.location?.kind === 'source' && f.location.startLine, f.occurrences])).toEqual([
      [1, 3],
      [2, 2],
      [3, 1],
    ]);
  });

  it('calls combine for each repeat', async () => {
    const combine = (kept: Finding, repeat: Finding) =>
      (kept.attributes.seen as number[]).push(...(repeat.attributes.seen as number[]));
    const [f] = await collect(mergeRepeated(from([7, 7]), { combine }));
    expect(f?.attributes.seen).toEqual([7, 7]);
  });

  it('holds at most `window` distinct findings: repeats further apart stay separate', async () => {
    const out = await collect(mergeRepeated(from([1, 2, 3, 1]), { window: 2 }));
    expect(out.map((f) => f.occurrences)).toEqual([1, 1, 1, 1]);
    const near = await collect(mergeRepeated(from([1, 2, 1]), { window: 2 }));
    expect(near.map((f) => f.occurrences)).toEqual([2, 1]);
  });
});
