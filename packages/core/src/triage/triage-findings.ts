import type { Severity } from '@scanrelay/findings-schema';
import type { FindingLocationKind, FindingStatus, Store } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { liftTriagedBlocks } from '../sast/blocklist-auto.js';
import { type TriageRequest, toTriageChange } from './triage-change.js';

/** Default most findings one bulk triage may change. */
export const BULK_TRIAGE_MAX = 10_000;

/** Which findings of the project a bulk triage applies to (the findings list's filters). */
export interface TriageFilter {
  severity?: Severity | Severity[];
  status?: FindingStatus | FindingStatus[];
  /** Tool name (case-insensitive). */
  tool?: string;
  kind?: FindingLocationKind;
  /** Text search over title, rule id and locator. */
  q?: string;
}

/** `triageFindings`'s input: the project, the filter, and the decision. */
export interface TriageFindingsInput extends TriageRequest {
  tenantId: string;
  /** The project's name. */
  project: string;
  filter: TriageFilter;
  /** Refuse (changing nothing) when more findings than this match; default 10000. */
  max?: number;
}

/** A storage refusal of the query (e.g. over `max`, a NUL in a filter), by its brand and code. */
function isRefusedQuery(err: unknown): err is Error & { detail: string } {
  return (
    typeof err === 'object' &&
    err !== null &&
    Symbol.for('@scanrelay/storage/error') in err &&
    (err as { code?: unknown }).code === 'invalid_input'
  );
}

/**
 * Triage, in one transaction, every finding of one project that `filter` matches and that is not
 * already in `status` (fixed and duplicate findings are left as they are): each change is kept in
 * its finding's history. Returns how many changed and their ids. `invalid_input` for a bad request
 * (see `toTriageChange`), a bad filter, or more than `max` matching findings (nothing changes);
 * `not_found` for an unknown project or another tenant's.
 */
export async function triageFindings(
  store: Store,
  input: TriageFindingsInput,
): Promise<{ changed: number; ids: string[] }> {
  const change = toTriageChange(input);
  const max = input.max ?? BULK_TRIAGE_MAX;
  if (!Number.isInteger(max) || max < 1)
    throw new CoreError('invalid_input', `max must be a positive integer, got ${max}`);
  return store.transaction(async (tx) => {
    const project = await tx.projects.getByName(input.tenantId, input.project);
    if (!project) throw new CoreError('not_found', `no project named "${input.project}"`);
    await tx.findings.reopenExpired(input.tenantId, change.at, project.id);
    const query = { ...input.filter, projectId: project.id };
    let result: { changed: number; ids: string[] };
    try {
      result = await tx.findings.triageWhere(input.tenantId, query, change, max);
    } catch (err) {
      if (isRefusedQuery(err)) throw new CoreError('invalid_input', err.detail, { cause: err });
      throw err;
    }
    if (result.changed > 0) await liftTriagedBlocks(tx, input.tenantId, project.id, change.at);
    return result;
  });
}
