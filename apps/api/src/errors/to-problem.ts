import { isCoreError } from '@scanrelay/core';
import { isConversionError } from '@scanrelay/findings-schema';
import { isParseError } from '@scanrelay/parsers';
import { isStorageError } from '@scanrelay/storage';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { ApiProblem, type ProblemFieldError } from './api-problem.js';
import { coreProblem } from './core-problem.js';

/** zod issues as `{path, message}` with a dotted path (`findings.3.severity`). */
export function zodFieldErrors(error: ZodError, prefix?: string): ProblemFieldError[] {
  return error.issues.map((issue) => ({
    path:
      [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(root)',
    message: issue.message,
  }));
}

/** The one place every error becomes a problem: known errors keep their meaning, the rest are 500. */
export function toProblem(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (isCoreError(err)) return coreProblem(err);
  if (err instanceof ZodError) {
    const errors = zodFieldErrors(err);
    return new ApiProblem(
      'VALIDATION_FAILED',
      `invalid ${errors[0]?.path ?? 'input'}: ${errors[0]?.message ?? ''}`,
      {
        errors,
      },
    );
  }
  if (isParseError(err)) {
    const unrecognised = err.scanner === 'auto';
    return new ApiProblem(unrecognised ? 'REPORT_UNRECOGNISED' : 'REPORT_INVALID', err.message, {
      errors: [
        {
          path:
            err.where.path ?? (err.where.line ? `line ${err.where.line}` : `byte ${err.where.offset ?? 0}`),
          message: err.expected,
        },
      ],
    });
  }
  if (isConversionError(err)) {
    const errors = err.issues.map((i) => ({ path: i.path, message: i.message }));
    return new ApiProblem('VALIDATION_FAILED', err.detail, { errors });
  }
  if (isStorageError(err) && err.code === 'invalid_input') {
    // A query the store refuses on both backends alike (a tampered cursor, NUL in a filter).
    const parameter = (err as { parameter?: unknown }).parameter;
    return new ApiProblem('VALIDATION_FAILED', err.detail, {
      errors: [{ path: typeof parameter === 'string' ? parameter : '(query)', message: err.detail }],
    });
  }
  if (err instanceof HTTPException) {
    if (err.status === 413)
      return new ApiProblem('PAYLOAD_TOO_LARGE', 'the request body is larger than allowed');
    if (err.status === 401) return new ApiProblem('UNAUTHORIZED', err.message || 'authentication required');
    if (err.status === 404) return new ApiProblem('NOT_FOUND', err.message || 'not found');
    if (err.status < 500) return new ApiProblem('VALIDATION_FAILED', err.message || 'bad request');
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'NOT_FOUND') return new ApiProblem('NOT_FOUND', 'the resource was not found');
  return new ApiProblem('INTERNAL', 'an internal error occurred; see the server log', { cause: err });
}

/** Writes a problem as `application/problem+json`, with the headers it carries (`Retry-After`). */
export function problemResponse(c: Context, problem: ApiProblem): Response {
  return new Response(JSON.stringify(problem.toJSON(c.req.path)), {
    status: problem.status,
    headers: { ...problem.headers, 'content-type': 'application/problem+json' },
  });
}
