import { createHash } from 'node:crypto';

/*
 * Which stored scan, job and dispatch a scan result belongs to. Each id is derived from names (same
 * names, same id), so a retried webhook, a rerun job and a re-posted findings file all land on the
 * same records. Stored data depends on these exact bytes: never change a formula.
 */

/** The stored scan of a provider's scan (`externalId`: the Invicti scan id, `upload:<job id>`, …). */
export function scanIdFor(tenantId: string, provider: string, externalId: string): string {
  return stableUuid(`scan:${tenantId}:${provider}:${externalId}`);
}

/** The `fetch-invicti-issues` job of an Invicti scan: one per tenant and scan. */
export function invictiFetchJobId(tenantId: string, scanId: string): string {
  return stableUuid(`invicti:${tenantId}:${scanId}`);
}

/** The correlation id of the `fetch-invicti-results` workflow dispatched for an Invicti scan. */
export function invictiDispatchCorrelationId(scanId: string): string {
  return stableUuid(`invicti-dispatch:${scanId}`);
}

/** A UUID-shaped id (version nibble 5, RFC variant) taken from the SHA-256 of `name`. */
function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
