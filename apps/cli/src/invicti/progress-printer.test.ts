import { Writable } from 'node:stream';
import type { WaitProgress } from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import { createProgressPrinter } from './progress-printer.js';

function sink(isTTY: boolean) {
  let text = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        text += chunk.toString();
        cb();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => text };
}

const p = (
  state: string,
  percentage: number | undefined,
  kind: WaitProgress['kind'] = 'running',
): WaitProgress =>
  ({
    scanId: 's1',
    state,
    kind,
    percentage,
    polls: 1,
    elapsedMs: 65_000,
    status: { State: state },
  }) as WaitProgress;

describe('createProgressPrinter', () => {
  it('prints a plain line per state or progress decile when not a terminal', () => {
    const out = sink(false);
    const printer = createProgressPrinter(out.stream);
    for (const u of [
      p('Queued', 0, 'queued'),
      p('Scanning', 3),
      p('Scanning', 7),
      p('Scanning', 12),
      p('Hibernating', undefined, 'unknown'),
      p('Complete', 100, 'complete'),
    ])
      printer.update(u);
    printer.end();
    expect(out.text().split('\n').filter(Boolean)).toEqual([
      'scanrelay: Invicti scan s1: Queued after 1m 5s',
      'scanrelay: Invicti scan s1: Scanning 0% after 1m 5s',
      'scanrelay: Invicti scan s1: Scanning 10% after 1m 5s',
      'scanrelay: Invicti scan s1: Hibernating (a state scanrelay does not know; still waiting) after 1m 5s',
      'scanrelay: Invicti scan s1: Complete after 1m 5s',
    ]);
  });

  it('rewrites one line in place on a terminal and ends it with a newline', () => {
    const out = sink(true);
    const printer = createProgressPrinter(out.stream);
    printer.update(p('Scanning', 42));
    printer.end();
    expect(out.text()).toBe('\r\x1b[2Kscanrelay: Invicti scan s1: Scanning 42% · 1m 5s\n');
  });
});
