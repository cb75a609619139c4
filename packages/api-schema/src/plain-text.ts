import { z } from 'zod';

/**
 * A string parameter or field that the store keeps or filters on: `max` characters, no NUL
 * (PostgreSQL cannot store or compare it, so both backends refuse it alike).
 */
export function plainTextSchema(max: number) {
  return z
    .string()
    .max(max, `at most ${max} characters`)
    .refine((s) => !s.includes('\u0000'), 'cannot contain NUL (\\u0000)');
}
