import { sastProviderSchema } from '@scanrelay/sast-runners';
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where one provider's scans run. */
export const sastBackendSchema = z.discriminatedUnion('kind', [
  /** scanrelay's own worker runs the part 1 runner (the embedded default). */
  z.strictObject({ kind: z.literal('local') }),
  /** A GitHub Actions workflow, started by `repository_dispatch` (event `external-scan`) or `workflow_dispatch`. */
  z.strictObject({
    kind: z.literal('github'),
    mode: z.enum(['repository_dispatch', 'workflow_dispatch']).default('repository_dispatch'),
    owner: z.string().min(1),
    repo: z.string().min(1),
    /** repository_dispatch's event type. */
    eventType: z.string().min(1).max(100).default('external-scan'),
    /** workflow_dispatch's workflow file (or id) and the ref it runs at. */
    workflow: z.string().min(1).default('external-scan.yml'),
    ref: z.string().min(1).default('main'),
  }),
  /** The self-hosted scanner worker (`scanrelay scanner-worker`): `POST <url>/scan`, signed. */
  z.strictObject({
    kind: z.literal('scanner-worker'),
    url: z.string().min(1),
    /** Signs `POST /scan`; default the first callback secret. */
    secret: z.string().min(1).optional(),
  }),
]);
export type SastBackend = z.infer<typeof sastBackendSchema>;

/** The service's external SAST settings (`sast.*`). */
export const sastConfigSchema = z.object({
  /** The providers a publish scans with by default, and where each runs. Default: `patterns`, locally. */
  providers: z
    .array(z.object({ provider: sastProviderSchema, backend: sastBackendSchema.prefault({ kind: 'local' }) }))
    .min(1)
    .default([{ provider: 'patterns', backend: { kind: 'local' } }]),
  /**
   * Where runners post results: this service's `/api/v1/webhooks/scan-results` as the runners reach
   * it. `serve` defaults it to its own listening address.
   */
  callbackUrl: z.string().min(1).optional(),
  /** HMAC secrets results are signed with (several during a rotation; the first signs). */
  callbackSecrets: z.array(z.string().min(16)).default([]),
  /** Also accept the seed's bare `x-webhook-signature: <hex hmac-sha256 of the body>` (no timestamp). */
  acceptBodySignature: z.boolean().default(true),
  /** Signed timestamps older or newer than this are refused. */
  toleranceSeconds: z.number().int().positive().default(300),
  /** Dispatches per hour across the service (every replica shares the count). */
  dispatchesPerHour: z.number().int().positive().default(100),
  /** A scan `pending` or `running` longer than this reads as `timed_out`. */
  timeoutMs: z
    .number()
    .int()
    .positive()
    .default(20 * 60_000),
  /** How long summaries are served. */
  summaryTtlMs: z
    .number()
    .int()
    .positive()
    .default(365 * DAY_MS),
  /** Ed25519 public keys (PEM) attestations are checked against; the signing key's own is added. */
  attestationKeys: z.array(z.string().min(1)).default([]),
  /** Refuse results that carry no attestation. */
  requireAttestation: z.boolean().default(false),
  /** Ed25519 private key (PEM) the local runner signs its attestations with. */
  signingKey: z.string().min(1).optional(),
  /** Findings at most on a security view. */
  findingsLimit: z.number().int().positive().default(500),
});
export type SastConfig = z.infer<typeof sastConfigSchema>;
export type SastConfigInput = z.input<typeof sastConfigSchema>;
