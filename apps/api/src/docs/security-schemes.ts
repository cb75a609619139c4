import { SCANRELAY_SIGNATURE_HEADER } from '@scanrelay/hmac-webhooks';

const SCANRELAY_SCHEME =
  'HMAC-SHA256 over the raw body, scanrelay scheme: `x-webhook-id` (the delivery id), `x-webhook-timestamp` ' +
  '(Unix seconds, within 5 minutes of the server’s clock) and `x-webhook-signature: hmac-sha256=<64 hex>` over ' +
  '`<id>.<timestamp>.<raw body>` (several space-separated signatures during a key rotation).';

/**
 * `components.securitySchemes`: how each kind of caller proves itself. The webhook signatures are
 * HMACs over the raw body, which OpenAPI cannot express: they appear as the header that carries
 * them, with the algorithm in the description.
 */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key (`scanrelay keys create`) as `Authorization: Bearer <key>`. Scopes: read, upload, triage, admin.',
  },
  apiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key as `X-API-Key: <key>`, for clients that cannot set `Authorization`.',
  },
  webhookToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A token of `invictiWebhook.tokens`, as `Authorization: Bearer <token>` (or as the password of HTTP Basic, ' +
      'for senders that only do Basic). Compared in constant time.',
  },
  webhookSignature: {
    type: 'apiKey',
    in: 'header',
    name: SCANRELAY_SIGNATURE_HEADER,
    description: `Signed with a secret of \`invictiWebhook.secrets\`. ${SCANRELAY_SCHEME}`,
  },
  sastResultSignature: {
    type: 'apiKey',
    in: 'header',
    name: SCANRELAY_SIGNATURE_HEADER,
    description:
      `Signed with a secret of \`sast.callbackSecrets\`. ${SCANRELAY_SCHEME} With \`sast.acceptBodySignature\`, ` +
      'the seed’s bare `x-webhook-signature: <hex HMAC-SHA256 of the body>` is accepted too.',
  },
} as const;

/** `GET /metrics` with `server.metricsToken`: registered only then (an unused scheme is noise). */
export const METRICS_TOKEN_SCHEME = {
  type: 'http',
  scheme: 'bearer',
  description: 'The `server.metricsToken`, as `Authorization: Bearer <token>`.',
} as const;

type SchemeName = keyof typeof SECURITY_SCHEMES | 'metricsToken';
type Requirement = Partial<Record<SchemeName, string[]>>;

/** The metrics token (`GET /metrics` when one is configured). */
export const METRICS_TOKEN_SECURITY: Requirement[] = [{ metricsToken: [] }];

/** An API key, as a bearer token or in `X-API-Key` (either one). */
export const API_KEY_SECURITY: Requirement[] = [{ apiKey: [] }, { apiKeyHeader: [] }];

/** No credentials: public routes. */
export const NO_SECURITY: Requirement[] = [];

/** The Invicti completion webhook: a webhook token or a signed delivery. */
export const INVICTI_WEBHOOK_SECURITY: Requirement[] = [{ webhookToken: [] }, { webhookSignature: [] }];

/** A SAST runner's result: signed, no API key. */
export const SAST_RESULT_SECURITY: Requirement[] = [{ sastResultSignature: [] }];
