import type { Store, StoredFinding } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { liftTriagedBlocks } from '../sast/blocklist-auto.js';
import { readFinding } from './read-findings.js';
import { isSameTriage, type TriageRequest, toTriageChange, untriageable } from './triage-change.js';

/** `triageFinding`'s input: which finding, and the decision. */
export interface TriageFindingInput extends TriageRequest {
  tenantId: string;
  /** The finding's id. */
  id: string;
}

/**
 * Sets a finding's triage status (`false-positive`, `accepted-risk` or back to `open`) with the
 * reason, who and when, and for accepted risk the expiry; the change is kept in the finding's
 * history, and since findings keep their status across imports by fingerprint, it survives every
 * re-import. The same decision again (same status, reason and expiry) writes nothing. A critical
 * finding triaged away no longer keeps the project on the automatic blocklist (`liftTriagedBlocks`).
 *
 * Errors (`CoreError`): `invalid_input` for a bad request (see `toTriageChange`) or a `fixed` or
 * `duplicate` finding (imports set those); `not_found` for an unknown id or another tenant's.
 */
export async function triageFinding(store: Store, input: TriageFindingInput): Promise<StoredFinding> {
  const change = toTriageChange(input);
  const now = input.now ?? new Date();
  return store.transaction(async (tx) => {
    const finding = await readFinding(tx, input.tenantId, input.id, now);
    const refused = untriageable(finding);
    if (refused !== undefined) throw new CoreError('invalid_input', refused);
    if (isSameTriage(finding, change)) return finding;
    const triaged = await tx.findings.triage(input.tenantId, input.id, change);
    if (!triaged) throw new CoreError('not_found', `no finding with id "${input.id}"`);
    await liftTriagedBlocks(tx, input.tenantId, triaged.projectId, change.at);
    return triaged;
  });
}
