import { failure, type VerifyFailure } from './verify-result.js';

/** A failure when `timestampMs` is further than `toleranceSeconds` from `now`, in either direction. */
export function checkTimestamp(
  timestampMs: number,
  now: number,
  toleranceSeconds: number,
): VerifyFailure | undefined {
  const skew = (now - timestampMs) / 1000;
  if (skew <= toleranceSeconds && -skew <= toleranceSeconds) return undefined;
  const at =
    Number.isFinite(timestampMs) && Math.abs(timestampMs) < 8.64e15
      ? new Date(timestampMs).toISOString()
      : 'an invalid date';
  const by = Math.round(Math.abs(skew));
  return skew > 0
    ? failure(
        'timestamp_too_old',
        `the signed timestamp (${at}) is ${by} s older than now; the tolerance is ${toleranceSeconds} s (check the sender's clock, or it is a replay)`,
      )
    : failure(
        'timestamp_too_new',
        `the signed timestamp (${at}) is ${by} s in the future; the tolerance is ${toleranceSeconds} s (check the sender's clock)`,
      );
}
