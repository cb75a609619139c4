/**
 * The HMAC key of a configured secret: `whsec_<base64>` is handed to hmac-webhooks, which base64-decodes it
 * as Standard Webhooks says; any other string is used as its UTF-8 bytes.
 */
export function webhookKey(secret: string): string | Uint8Array {
  return secret.startsWith('whsec_') ? secret : new TextEncoder().encode(secret);
}
