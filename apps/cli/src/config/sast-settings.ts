import { sastConfigSchema } from '@scanrelay/core';
import { z } from 'zod';
import { commaList, flag, pem } from './setting-types.js';

/** Core's defaults, so that the CLI never restates a number. */
const DEFAULTS = sastConfigSchema.parse({});
const positive = z.coerce.number().int().positive();

/**
 * Core's external SAST config (`sastConfigSchema`) as the CLI reads it: unknown keys refused, numbers,
 * yes/no and lists readable from the environment, PEM keys accepted with literal `\n`, and the
 * descriptions of the configuration reference (docs/configuration.md).
 */
export const sastSettingsSchema = z
  .strictObject({
    providers: sastConfigSchema.shape.providers.describe(
      "The providers a publish scans with when it names none, and where each runs: a list of `{provider, backend}` with backend `{kind: local}` (this service's worker), `{kind: github, owner, repo, mode?, eventType?, workflow?, ref?}` (GitHub Actions; needs github.token) or `{kind: scanner-worker, url, secret?}` (`scanrelay scanner-worker`). Default: the built-in `patterns` provider, locally",
    ),
    callbackUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe(
        "Where runners post results: this service's `/api/v1/webhooks/scan-results` as the runners reach it. `serve` defaults it to its own listening address (right for the local worker only); `scanrelay worker` needs it for local scans",
      ),
    callbackSecrets: commaList(z.array(z.string().min(16)))
      .default([])
      .describe(
        'HMAC secrets results are signed with (at least 16 characters each; several, comma-separated, while you rotate; the first signs). Default in `serve`: one generated into `<dataDir>/sast-callback.secret`, which `scanrelay worker` also reads from a shared data dir',
      ),
    acceptBodySignature: flag
      .default(DEFAULTS.acceptBodySignature)
      .describe(
        'Also accept the bare `x-webhook-signature: <hex HMAC-SHA256 of the body>` (no timestamp; deduplicated on scan id and body)',
      ),
    toleranceSeconds: positive
      .default(DEFAULTS.toleranceSeconds)
      .describe('Signed results whose timestamp is older or newer than this (seconds) are refused'),
    dispatchesPerHour: positive
      .default(DEFAULTS.dispatchesPerHour)
      .describe(
        'Dispatches per hour across the service (replicas share the count); past it a publish answers 429',
      ),
    timeoutMs: positive
      .default(DEFAULTS.timeoutMs)
      .describe(
        'A scan `pending` or `running` longer than this (ms) reads as `timed_out`; a late result still counts',
      ),
    summaryTtlMs: positive
      .default(DEFAULTS.summaryTtlMs)
      .describe('How long (ms) the per-project and per-provider summaries are served'),
    attestationKeys: commaList(z.array(pem))
      .default([])
      .describe(
        "Ed25519 public keys (SPKI PEM) results' attestations are checked against; the signing key's own is added",
      ),
    requireAttestation: flag
      .default(DEFAULTS.requireAttestation)
      .describe('Refuse results that carry no attestation'),
    signingKey: pem
      .optional()
      .describe(
        "Ed25519 private key (PKCS#8 PEM; literal `\\n` accepted) the local worker signs its results' attestations with. Default in `serve`: one generated into `<dataDir>/sast-signing.key`, which `scanrelay worker` also reads from a shared data dir",
      ),
    findingsLimit: positive.default(DEFAULTS.findingsLimit).describe('Findings at most on a security view'),
  })
  .prefault({})
  .describe('External SAST on publish: providers and their backends, signed results, limits');

/** Environment variables of the `sast` settings. */
export const SAST_ENV_SETTINGS: Readonly<Record<string, string>> = {
  SCANRELAY_SAST_CALLBACK_URL: 'sast.callbackUrl',
  SCANRELAY_SAST_CALLBACK_SECRET: 'sast.callbackSecrets',
  SCANRELAY_SAST_SIGNING_KEY: 'sast.signingKey',
  SCANRELAY_SAST_ATTESTATION_KEYS: 'sast.attestationKeys',
  SCANRELAY_SAST_REQUIRE_ATTESTATION: 'sast.requireAttestation',
  SCANRELAY_SAST_DISPATCHES_PER_HOUR: 'sast.dispatchesPerHour',
  SCANRELAY_SAST_TIMEOUT_MS: 'sast.timeoutMs',
  SCANRELAY_SAST_SUMMARY_TTL_MS: 'sast.summaryTtlMs',
};
