/** Invicti scan ids are GUIDs, with or without dashes and braces. */
const SCAN_ID = /^\{?[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\}?$/;

/**
 * An Invicti scan id in the one form stored ids are derived from (lower-case, with dashes), or
 * undefined when `raw` is not a GUID. Every way a scan id enters (webhook, registration) goes through it.
 */
export function normalizeInvictiScanId(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !SCAN_ID.test(raw.trim())) return undefined;
  const hex = raw.trim().replace(/[{}-]/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
