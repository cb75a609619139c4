import * as z from 'zod/mini';

/**
 * The `scan-metadata.json` the CLI writes next to `findings.json`. It is in `zod/mini`, like the other
 * schemas a fire-and-forget launch checks. mini builds the same core schemas (the same checks, errors and
 * JSON Schema) at about half of what classic costs a launch's start-up (bench/cli-launch, round 5). Its
 * messages are English like the rest of this package's: the classic schemas make English the default
 * when this package loads. A bundle that takes only this schema gets English from
 * `@scanrelay/invicti-client/zod-mini`, as the CLI's launch does.
 */
export const scanMetadataSchema = z.object({
  scanId: z.string().check(z.minLength(1)),
  provider: z._default(z.string().check(z.minLength(1)), 'invicti'),
  /** The remote status as the provider names it, e.g. `Launched`, `Complete`, `Failed`. */
  status: z.string().check(z.minLength(1)),
  target: z.optional(z.string()),
  launchedAt: z.iso.datetime({ offset: true }),
  completedAt: z.optional(z.iso.datetime({ offset: true })),
  mode: z.enum(['fire-and-forget', 'blocking', 'issues']),
  findingsFile: z.optional(z.string()),
  findingsCount: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export type ScanMetadata = z.infer<typeof scanMetadataSchema>;
