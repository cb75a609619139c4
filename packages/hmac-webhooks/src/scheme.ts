/** The signing schemes this package speaks. */
export const SCHEMES = ['scanrelay', 'standard', 'github', 'stripe'] as const;

/**
 * - `scanrelay`: `x-webhook-id`, `x-webhook-timestamp`, `x-webhook-signature: hmac-sha256=<hex>` (and the legacy
 *   body-only signature with a body `timestamp` in milliseconds).
 * - `standard`: Standard Webhooks (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`), as Svix.
 * - `github`: `X-Hub-Signature-256: sha256=<hex>` and `X-GitHub-Delivery`.
 * - `stripe`: `Stripe-Signature: t=<seconds>,v1=<hex>`; only `v1` counts.
 */
export type Scheme = (typeof SCHEMES)[number];

export function isScheme(value: unknown): value is Scheme {
  return typeof value === 'string' && (SCHEMES as readonly string[]).includes(value);
}

export function assertScheme(value: unknown): asserts value is Scheme {
  if (!isScheme(value)) {
    throw new TypeError(
      `@scanrelay/hmac-webhooks: expected scheme to be one of ${SCHEMES.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
}
