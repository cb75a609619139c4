import { z } from 'zod';

/** One field that failed validation: a dotted path (`scan.externalId`, `findings.3.severity`) and why. */
export const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof fieldErrorSchema>;

/** Every error answer: `application/problem+json` (RFC 9457) with a stable `code`. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ example: 'NOT_FOUND' }),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional(),
    /** The request's `X-Request-Id` (given or generated): quote it when reporting a problem. */
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof problemSchema>;
