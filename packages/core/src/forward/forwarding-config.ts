import { destinationConfigSchema } from '@scanrelay/sinks';
import { z } from 'zod';

/**
 * The service's destinations and how forwards are retried. `defaults` are the destination names used
 * when an upload (or an Invicti result) names none; absent: every configured destination.
 */
export const forwardingConfigSchema = z
  .object({
    destinations: z.array(destinationConfigSchema).default([]),
    defaults: z.array(z.string().min(1)).optional(),
    /** Attempts per destination, the first included; then the forward is dead-lettered. */
    maxAttempts: z.number().int().min(1).max(100).default(5),
    /** Delay before attempt n+1: `baseMs * 2^(n-1)`, capped at `maxMs`, with up to 20 % jitter. */
    retryBaseMs: z.number().int().min(0).default(30_000),
    retryMaxMs: z.number().int().min(0).default(3_600_000),
  })
  .superRefine((c, ctx) => {
    const names = new Set<string>();
    c.destinations.forEach((d, i) => {
      if (names.has(d.name))
        ctx.addIssue({
          code: 'custom',
          path: ['destinations', i, 'name'],
          message: `"${d.name}" is named twice`,
        });
      names.add(d.name);
    });
    c.defaults?.forEach((n, i) => {
      if (!names.has(n))
        ctx.addIssue({ code: 'custom', path: ['defaults', i], message: `no destination is named "${n}"` });
    });
  });
export type ForwardingConfig = z.infer<typeof forwardingConfigSchema>;
export type ForwardingConfigInput = z.input<typeof forwardingConfigSchema>;
