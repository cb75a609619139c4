import * as z from 'zod';

/**
 * A project's name, wherever one enters (API bodies, form fields, path and query parameters, the
 * CLI, ingest): trimmed, 1 to 200 characters, no NUL (PostgreSQL cannot store it, so both backends
 * refuse it alike) and not `.` or `..` (they cannot appear in a URL path, so such a project could
 * never be read back).
 */
export const projectNameSchema = z
  .string()
  .trim()
  .min(1, 'a project name cannot be empty')
  .max(200, 'a project name has at most 200 characters')
  .refine((s) => !s.includes('\u0000'), 'a project name cannot contain NUL (\\u0000)')
  .refine((s) => s !== '.' && s !== '..', 'a project name cannot be "." or ".."');
export type ProjectName = z.infer<typeof projectNameSchema>;
