import crypto from 'node:crypto';
import { type Finding, type FindingDraft, findingDraftSchema, type SecretInfo } from './finding.js';
import { newFindingId } from './finding-id.js';
import { fingerprint } from './fingerprint.js';
import { parseDraftFast } from './parse-draft-fast.js';

/**
 * Validates a draft and gives it an id and a fingerprint. Throws the zod error for an invalid draft:
 * parsers catch it and report a ParseError naming the scanner and the place in the report.
 * A valid draft takes a hand-written path with zod's exact result (see parse-draft-fast.ts).
 */
export function createFinding(draft: FindingDraft): Finding {
  // Both paths return a fresh object: it becomes the finding (id and fingerprint appended last).
  const d = (parseDraftFast(draft) ?? findingDraftSchema.parse(draft)) as Finding;
  const fp = fingerprint(d);
  d.id = newFindingId();
  d.fingerprint = fp;
  return d;
}

const STARS = ['', '*', '**', '***', '****', '*****', '******', '*******', '********'];

/** Keeps a redacted form (first 4 and last 2 characters at most) and the sha256 of a secret value. */
export function redactSecret(value: string): SecretInfo {
  const sha256 =
    typeof crypto.hash === 'function'
      ? crypto.hash('sha256', value, 'hex')
      : crypto.createHash('sha256').update(value).digest('hex');
  const keep = value.length >= 16 ? 4 : value.length >= 8 ? 2 : 0;
  const tail = value.length >= 16 ? 2 : 0;
  // Joined (one flat string), not concatenated: a finding keeps it, and a concatenation is a tree of pieces.
  const redacted = [
    value.slice(0, keep),
    STARS[Math.min(8, Math.max(4, value.length - keep - tail))],
    tail ? value.slice(-tail) : '',
  ].join('');
  return { redacted, sha256 };
}
