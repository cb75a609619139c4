import { describe, expect, it } from 'vitest';
import { CoreError, InvalidFindingError, isCoreError } from './core-error.js';
import { isPermanentJobError, PermanentJobError } from './jobs/permanent-job-error.js';

describe('CoreError', () => {
  it('carries its detail without the package prefix', () => {
    const err = new InvalidFindingError(1, 'severity', 'expected critical|high|medium|low|info');
    expect(err.message).toBe(
      '@scanrelay/core: finding #1 is not a valid finding: severity: expected critical|high|medium|low|info; nothing was written',
    );
    expect(err.detail).toBe(err.message.slice('@scanrelay/core: '.length));
    expect(err.code).toBe('invalid_finding');
  });

  it('is recognised by its brand, also from another copy of the package', () => {
    const foreign = Object.assign(new Error('@scanrelay/core: x'), { code: 'not_found' });
    Object.defineProperty(foreign, Symbol.for('@scanrelay/core/error'), { value: true });
    expect(isCoreError(new CoreError('invalid_input', 'x'))).toBe(true);
    expect(isCoreError(foreign)).toBe(true);
    expect(isCoreError(new Error('@scanrelay/core: x'))).toBe(false);
    expect(isCoreError('x')).toBe(false);
  });

  it('tells a permanent job failure apart', () => {
    expect(isPermanentJobError(new PermanentJobError('gone'))).toBe(true);
    expect(isPermanentJobError(new CoreError('invalid_input', 'x'))).toBe(false);
  });
});
