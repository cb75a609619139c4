import { describe, expect, it } from 'vitest';
import { isTerminalScanState, SCAN_STATES, scanStateKind } from './scan-state.js';

describe('scan states', () => {
  it('knows every documented state and only three are terminal', () => {
    expect(SCAN_STATES).toHaveLength(11);
    expect(SCAN_STATES.filter(isTerminalScanState)).toEqual(['Complete', 'Failed', 'Cancelled']);
  });

  it('treats AsyncArchiving and Paused as still running, and reports unknown states', () => {
    expect(scanStateKind('AsyncArchiving')).toBe('running');
    expect(scanStateKind('Paused')).toBe('running');
    expect(scanStateKind('Delayed')).toBe('queued');
    expect(scanStateKind('Complete')).toBe('complete');
    expect(scanStateKind('Hibernating')).toBe('unknown');
    expect(isTerminalScanState('Hibernating')).toBe(false);
  });
});
