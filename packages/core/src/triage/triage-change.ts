import {
  type StoredFinding,
  TRIAGE_STATUSES,
  type TriageChange,
  type TriageStatus,
} from '@scanrelay/storage/types';
import { z } from 'zod';
import { CoreError } from '../core-error.js';

/** Longest triage reason accepted. */
export const TRIAGE_REASON_MAX = 2000;

/** What a person asks for: the status, why, and for accepted risk until when. */
export interface TriageRequest {
  /** `open`, `false-positive` or `accepted-risk`. */
  status: TriageStatus;
  /** Required (not blank) for `false-positive` and `accepted-risk`; at most 2000 characters. */
  reason?: string;
  /**
   * Only with `accepted-risk`: when the acceptance ends, a date (`2027-06-30`, the end of that day
   * UTC) or an ISO date-time with its offset; it must be in the future. Without it the acceptance
   * does not expire.
   */
  expiresAt?: string;
  /** Who decides, e.g. `key:<prefix>`. */
  actor: string;
  /** The decision's time; default the clock. */
  now?: Date;
}

const dateSchema = z.iso.date();
const dateTimeSchema = z.iso.datetime({ offset: true });

/** `expiresAt` as an ISO instant: a date reads as the last millisecond of that day UTC. */
export function parseExpiresAt(value: string, now: Date): string {
  let at: number;
  if (dateSchema.safeParse(value).success) at = Date.parse(`${value}T23:59:59.999Z`);
  else if (dateTimeSchema.safeParse(value).success) at = Date.parse(value);
  else
    throw new CoreError(
      'invalid_input',
      `expiresAt must be a date (2027-06-30) or an ISO date-time with an offset, got "${value}"`,
    );
  if (!Number.isFinite(at)) throw new CoreError('invalid_input', `expiresAt is not a real date: "${value}"`);
  if (at <= now.getTime())
    throw new CoreError(
      'invalid_input',
      `expiresAt must be in the future, got "${value}" (now is ${now.toISOString()})`,
    );
  return new Date(at).toISOString();
}

/**
 * Checks a triage request and turns it into the change the store writes: `invalid_input` for an
 * unknown status, a missing or blank reason where one is required, a reason over 2000 characters,
 * an expiry on anything but accepted risk, or an expiry not in the future.
 */
export function toTriageChange(request: TriageRequest): TriageChange {
  const { status } = request;
  if (!(TRIAGE_STATUSES as readonly string[]).includes(status))
    throw new CoreError(
      'invalid_input',
      `status must be one of ${TRIAGE_STATUSES.join(', ')}, got "${String(status)}"`,
    );
  if (typeof request.actor !== 'string' || !request.actor.trim())
    throw new CoreError('invalid_input', 'actor must say who triages');
  const reason = request.reason?.trim() || undefined;
  if (!reason && status !== 'open')
    throw new CoreError('invalid_input', `reason is required to mark a finding ${status}`);
  if (reason !== undefined && reason.length > TRIAGE_REASON_MAX)
    throw new CoreError(
      'invalid_input',
      `reason must be at most ${TRIAGE_REASON_MAX} characters, got ${reason.length}`,
    );
  const now = request.now ?? new Date();
  if (request.expiresAt !== undefined && status !== 'accepted-risk')
    throw new CoreError('invalid_input', `expiresAt applies only to accepted-risk, not to ${status}`);
  const change: TriageChange = { status, actor: request.actor, at: now.toISOString() };
  if (reason !== undefined) change.reason = reason;
  if (request.expiresAt !== undefined) change.acceptedUntil = parseExpiresAt(request.expiresAt, now);
  return change;
}

/** Why a finding's status cannot be set by triage, or undefined when it can. */
export function untriageable(finding: Pick<StoredFinding, 'id' | 'status'>): string | undefined {
  if (finding.status === 'fixed')
    return `finding ${finding.id} is fixed: imports set that status, and it reopens when a scan sees it again`;
  if (finding.status === 'duplicate')
    return `finding ${finding.id} is a duplicate: triage the finding it duplicates instead`;
  return undefined;
}

/** True when `change` would leave the finding as it is (same status, reason and expiry). */
export function isSameTriage(finding: StoredFinding, change: TriageChange): boolean {
  if (finding.status !== change.status) return false;
  if (change.status === 'open') return true;
  const until = (iso: string | null | undefined) => (iso ? Date.parse(iso) : undefined);
  return (
    (finding.triageReason ?? undefined) === change.reason &&
    until(finding.acceptedUntil) === until(change.acceptedUntil)
  );
}
