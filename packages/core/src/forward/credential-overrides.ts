import { z } from 'zod';

/**
 * The credentials an upload may send for its destinations (the Phoenix client's flags and form
 * fields): they override the client id, secret and API URL of the service's `phoenix`
 * destination for this upload only (the upload's `asset_type` travels with the job itself).
 */
export const phoenixOverridesSchema = z
  .object({
    clientId: z.string().min(1).max(500).optional(),
    clientSecret: z.string().min(1).max(2000).optional(),
    apiUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();
export type PhoenixOverrides = z.infer<typeof phoenixOverridesSchema>;

/** Per destination name, the fields that replace the service's for one upload. */
export type DestinationOverrides = Record<string, Record<string, unknown>>;

/** The name a Phoenix destination made only from an upload's credentials gets. */
export const PHOENIX_DESTINATION = 'phoenix';

export function hasOverrides(o: PhoenixOverrides | undefined): o is PhoenixOverrides {
  return o !== undefined && Object.values(o).some((v) => v !== undefined);
}
