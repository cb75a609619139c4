import { projectNameSchema } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { sastProviderSchema } from './types.js';

/** Visible ASCII without `/`, `\`, `..` tricks: the scan id travels back in callbacks and logs. */
const scanIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

/**
 * A request to scan one repository with one provider, the result posted to `callbackUrl`: the body
 * of the scanner worker's `POST /scan` and what a dispatcher sends it.
 */
export const scanRequestSchema = z.strictObject({
  repoUrl: z.string().min(1).max(2048),
  /** A branch, tag or 40-hex commit; the checkout refuses option-like values. */
  ref: z.string().min(1).max(256).optional(),
  project: projectNameSchema,
  provider: sastProviderSchema,
  callbackUrl: z.string().min(1).max(2048),
  scanId: scanIdSchema,
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;
