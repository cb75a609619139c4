import { sastProviderSchema } from '@scanrelay/sast-runners';
import { z } from 'zod';

/** Visible ASCII without `/`, `\`, `..` tricks: the scan id travels back in callbacks and logs. */
const scanIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]*$/,
    'letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

/** The body of `POST /scan`: one provider over one repository, the result posted to `callbackUrl`. */
export const scanRequestSchema = z.strictObject({
  repoUrl: z.string().min(1).max(2048),
  /** A branch, tag or 40-hex commit; the checkout refuses option-like values. */
  ref: z.string().min(1).max(256).optional(),
  project: z.string().min(1).max(256),
  provider: sastProviderSchema,
  callbackUrl: z.string().min(1).max(2048),
  scanId: scanIdSchema,
});
export type ScanRequest = z.infer<typeof scanRequestSchema>;
