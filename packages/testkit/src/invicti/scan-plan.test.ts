import { describe, expect, it } from 'vitest';
import { phaseOf, stateAt } from './scan-plan.js';

describe('stateAt', () => {
  it('walks the default plan: 1 s queued, 10 s scanning, 2 s archiving, then Complete', () => {
    const at = (ms: number) => stateAt({}, ms);
    expect(
      [at(0), at(999), at(1000), at(6000), at(11_000), at(12_999), at(13_000)].map(
        (s) => `${s.state}:${s.percentage}`,
      ),
    ).toEqual([
      'Queued:0',
      'Queued:0',
      'Scanning:0',
      'Scanning:50',
      'Archiving:100',
      'Archiving:100',
      'Complete:100',
    ]);
  });

  it('ends Failed or Cancelled after scanning, passes through AsyncArchiving, or never ends', () => {
    expect(stateAt({ outcome: 'Failed', queuedMs: 0, scanningMs: 10 }, 10).state).toBe('Failed');
    expect(stateAt({ outcome: 'Cancelled', queuedMs: 0, scanningMs: 10 }, 50).state).toBe('Cancelled');
    expect(stateAt({ queuedMs: 0, scanningMs: 0, archivingMs: 0, asyncArchivingMs: 5 }, 3).state).toBe(
      'AsyncArchiving',
    );
    const never = stateAt({ outcome: 'never', queuedMs: 0, scanningMs: 10 }, 1e9);
    expect(never).toEqual({ state: 'Scanning', percentage: 99 });
    expect([phaseOf('Queued'), phaseOf('Scanning'), phaseOf('Complete')]).toEqual([
      'Pending',
      'CrawlingAndAttacking',
      'Complete',
    ]);
  });
});
