import { z } from 'zod';

/** `GET /api/v1/health`: 200 with `ok`, 503 with `degraded` when the database or the queue does not answer. */
export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    database: z.object({ ok: z.boolean(), dialect: z.string() }),
    queue: z.object({ ok: z.boolean(), driver: z.string() }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;
