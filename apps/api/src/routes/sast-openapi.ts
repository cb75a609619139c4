import { problems } from '../schemas/common.js';

const SAST_DESCRIPTIONS: Record<number, string> = {
  401: 'Missing or unknown API key, or (webhooks) a signature, timestamp or attestation that did not verify',
  409: 'A delivery already received (REPLAYED), or one that contradicts its scan (CONFLICT)',
  429: 'The dispatch budget is spent (RATE_LIMITED); `Retry-After` says when to try again',
};

/** `problems(...)` with the external SAST routes' own wording for 401, 409 and 429. */
export function sastProblems(...statuses: number[]) {
  const out = problems(...statuses);
  for (const s of statuses) {
    const description = SAST_DESCRIPTIONS[s];
    const entry = out[s];
    if (description && entry) out[s] = { ...entry, description };
  }
  return out;
}
