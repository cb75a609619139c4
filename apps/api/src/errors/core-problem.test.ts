import { CoreError, InvalidFindingError, RateLimitedError } from '@scanrelay/core';
import { describe, expect, it } from 'vitest';
import { toProblem } from './to-problem.js';

describe('core errors as problems', () => {
  it('gives each core code its status and problem code', () => {
    const cases = [
      ['invalid_input', 400, 'VALIDATION_FAILED'],
      ['not_found', 404, 'NOT_FOUND'],
      ['unauthorized', 401, 'UNAUTHORIZED'],
      ['replayed', 409, 'REPLAYED'],
      ['conflict', 409, 'CONFLICT'],
    ] as const;
    for (const [code, status, problem] of cases) {
      const p = toProblem(new CoreError(code, `why ${code}`));
      expect(p, code).toMatchObject({ status, code: problem, detail: `why ${code}` });
      expect(p.headers, code).toBeUndefined();
    }
  });

  it('answers a spent budget with 429 and Retry-After in whole seconds, at least 1', () => {
    expect(toProblem(new RateLimitedError('budget spent', 1799.2))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      headers: { 'retry-after': '1800' },
    });
    expect(toProblem(new RateLimitedError('budget spent', 0)).headers).toEqual({ 'retry-after': '1' });
  });

  it('names the field of an invalid input from the error or from its "field: why" detail', () => {
    const named = toProblem(
      new CoreError('invalid_input', 'the scan result is invalid: commitSha: expected hex'),
    );
    expect(named.errors).toEqual([
      { path: 'commitSha', message: 'the scan result is invalid: commitSha: expected hex' },
    ]);
    expect(toProblem(new CoreError('invalid_input', 'no field named here')).errors?.[0]?.path).toBe('(body)');
    expect(toProblem(new InvalidFindingError(3, 'severity', 'bad')).errors?.[0]?.path).toBe(
      'findings.3.severity',
    );
  });
});
