import { z } from '@hono/zod-openapi';
import { plainTextSchema, problemSchema } from '@scanrelay/api-schema';

/** Problem responses for the OpenAPI document. */
export function problems(...statuses: number[]) {
  const out: Record<
    number,
    { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }
  > = {};
  for (const s of statuses) {
    out[s] = {
      description: DESCRIPTIONS[s] ?? 'Error',
      content: { 'application/problem+json': { schema: problemSchema } },
    };
  }
  return out;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (the failing field is named)',
  401: 'Missing or unknown API key',
  403: 'The API key lacks the scope',
  404: 'Not found (or another tenant’s)',
  413: 'Body larger than allowed',
  415: 'Unsupported media type',
  503: 'A dependency is unavailable',
};

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ example: 50 }),
  cursor: z
    .string()
    .min(1)
    .max(512)
    .regex(/^[A-Za-z0-9_-]+$/, 'expected the nextCursor of a previous page')
    .optional(),
});

/** A text filter of a list (`?type=`, `?tool=`): 1 to `max` characters, no NUL. */
export function textFilter(max: number) {
  return plainTextSchema(max).min(1).optional();
}

/** `a,b` or repeated parameters → array; a single value → one-element array. */
export function csvEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)))
    .optional()
    .openapi({ type: 'string', description: `Comma-separated: ${values.join(', ')}` });
}

export const uuidParamSchema = z.object({
  id: plainTextSchema(128)
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
