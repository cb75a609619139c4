import { z } from 'zod';

/**
 * An API key as the admin routes show it: never the key nor its hash, only `prefix` (`sr_` and 9
 * characters) to recognise it. Timestamps are ISO 8601; `lastUsedAt` is recorded to the minute.
 */
export const apiKeyViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ example: 'sr_AbCdEfGhI' }),
    scopes: z.array(z.enum(['upload', 'read', 'triage', 'admin'])),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

/** `GET /api/v1/admin/keys`: the caller's tenant's keys, oldest first, revoked ones included. */
export const apiKeyListSchema = z.object({ items: z.array(apiKeyViewSchema) }).meta({ id: 'ApiKeyList' });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;
