import type { Scheme } from './scheme.js';

/**
 * Why a delivery was refused, as a stable string:
 * - `header_missing`: a required header (or, in the scanrelay legacy mode, the body's `timestamp`) is absent;
 * - `header_malformed`: it is there but cannot be read (not an integer, no signature entry we understand, …);
 * - `timestamp_too_old` / `timestamp_too_new`: authentic, but outside the tolerance (check the sender's clock);
 * - `signature_mismatch`: no signature matches any of the secrets (wrong secret, or the body was changed);
 * - `replayed`: authentic and fresh, but this delivery id was already accepted.
 */
export const VERIFY_FAILURE_REASONS = [
  'header_missing',
  'header_malformed',
  'timestamp_too_old',
  'timestamp_too_new',
  'signature_mismatch',
  'replayed',
] as const;

export type VerifyFailureReason = (typeof VERIFY_FAILURE_REASONS)[number];

export interface VerifySuccess {
  ok: true;
  scheme: Scheme;
  /** The sender's delivery id, or `sha256:<hex>` of the signed content for schemes that sign no id. */
  deliveryId: string;
  /** The signed timestamp in Unix seconds; null for GitHub, which signs none. */
  timestamp: number | null;
}

export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  /** A sentence for the person debugging the integration; never contains a secret or a signature. */
  detail: string;
  /** The header (or body field) the failure is about, when there is one. */
  header?: string;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

export function failure(reason: VerifyFailureReason, detail: string, header?: string): VerifyFailure {
  return header === undefined ? { ok: false, reason, detail } : { ok: false, reason, detail, header };
}

export function isVerifyFailure(value: unknown): value is VerifyFailure {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}
