import type { CoreError } from '@scanrelay/core';
import { ApiProblem, type ProblemCode } from './api-problem.js';

const CODES: Record<CoreError['code'], ProblemCode> = {
  invalid_input: 'VALIDATION_FAILED',
  invalid_finding: 'VALIDATION_FAILED',
  not_found: 'NOT_FOUND',
  unauthorized: 'UNAUTHORIZED',
  replayed: 'REPLAYED',
  conflict: 'CONFLICT',
  rate_limited: 'RATE_LIMITED',
};

/** Whole seconds for `Retry-After`: at least 1, so a client never retries at once. */
function retryAfter(err: CoreError): string {
  const seconds = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  return String(
    typeof seconds === 'number' && Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : 60,
  );
}

/**
 * A core refusal as the problem it means: invalid input 400 (naming the field when the error says
 * which), not found 404, an unverified delivery 401, a replay 409 `REPLAYED`, a contradiction 409
 * `CONFLICT`, a spent budget 429 `RATE_LIMITED` with `Retry-After`.
 */
export function coreProblem(err: CoreError): ApiProblem {
  const code = CODES[err.code] ?? 'VALIDATION_FAILED';
  if (code === 'RATE_LIMITED')
    return new ApiProblem(code, err.detail, { headers: { 'retry-after': retryAfter(err) }, cause: err });
  if (code !== 'VALIDATION_FAILED') return new ApiProblem(code, err.detail, { cause: err });
  return new ApiProblem(code, err.detail, {
    errors: [{ path: fieldOf(err), message: err.detail }],
    cause: err,
  });
}

/**
 * The field a refusal names: its `index`/`path` fields, else the first "field: why" of core's detail
 * ("the scan result is invalid: commitSha: …"), else the body.
 */
function fieldOf(err: CoreError): string {
  const at = 'index' in err ? `findings.${String(err.index)}` : undefined;
  const sub = (err as { path?: unknown }).path;
  const path = [at, typeof sub === 'string' && sub ? sub : undefined].filter(Boolean).join('.');
  return path || (/(?:^|: )([A-Za-z][\w.]{0,63}): /.exec(err.detail)?.[1] ?? '(body)');
}
