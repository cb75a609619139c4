import {
  computeScore,
  computeVerdict,
  emptyCounts,
  IMPORT_TYPES,
  projectNameSchema,
  SCAN_KINDS,
} from '@scanrelay/findings-schema';
import { createTimeSlice } from '@scanrelay/parsers';
import type {
  ExistingFinding,
  FindingInsert,
  FindingUpdate,
  Store,
  StoredScan,
} from '@scanrelay/storage/types';
import { uuidv7 } from '@scanrelay/storage/types';
import { CoreError } from '../core-error.js';
import { batches } from './batches.js';
import { checkFinding } from './check-finding.js';
import { type FindingRow, toFindingRow } from './finding-row.js';
import type { IngestInput, IngestResult } from './ingest-types.js';
import { createRunFingerprints } from './run-fingerprints.js';

const DEFAULT_BATCH = 5000;
/** Statuses a person set that imports keep and that leave the scan's counts. */
const TRIAGED: ReadonlySet<string> = new Set(['false-positive', 'accepted-risk']);
/** How many findings between two looks at the clock. */
const YIELD_EVERY = 500;

function checkInput(input: IngestInput): void {
  if (!(IMPORT_TYPES as readonly string[]).includes(input.mode)) {
    throw new CoreError(
      'invalid_input',
      `mode must be one of ${IMPORT_TYPES.join(', ')}, got "${input.mode}"`,
    );
  }
  if (typeof input.tenant !== 'string' || !input.tenant)
    throw new CoreError('invalid_input', 'tenant must be a tenant id');
  const name = typeof input.project === 'string' ? input.project : input.project?.name;
  const named = projectNameSchema.safeParse(name);
  if (!named.success)
    throw new CoreError(
      'invalid_input',
      `project: ${named.error.issues[0]?.message ?? 'expected a project name'}`,
    );
  if (!input.scan?.provider) throw new CoreError('invalid_input', 'scan.provider is required');
  if (input.scan.kind && !(SCAN_KINDS as readonly string[]).includes(input.scan.kind)) {
    throw new CoreError(
      'invalid_input',
      `scan.kind must be one of ${SCAN_KINDS.join(', ')}, got "${input.scan.kind}"`,
    );
  }
  const size = input.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(size) || size < 1)
    throw new CoreError('invalid_input', `batchSize must be a positive integer, got ${size}`);
}

/**
 * The time that marks the findings a run writes: with the scan id, it tells this run's findings
 * (duplicates, closeMissing) from an earlier run's. A scan upserted for a provider is ingested again
 * under the same id, so a re-run is marked strictly later than the latest time the scan's findings
 * were seen, whichever process (or clock) wrote them; read under the project's ingest lock. A new
 * scan has no earlier findings to be told apart from.
 */
async function runSeenAt(
  tx: Store,
  tenantId: string,
  projectId: string,
  scan: StoredScan,
  existed: boolean,
): Promise<string> {
  let ms = Date.now();
  if (existed) {
    const previous = await tx.findings.lastSeenInScan(tenantId, projectId, scan.id);
    if (previous !== undefined) ms = Math.max(ms, Date.parse(previous) + 1);
  }
  return new Date(ms).toISOString();
}

/** One report entry after merging the entries of the batch that share its fingerprint. */
interface Merged {
  row: FindingRow;
  occurrences: number;
}

/**
 * Ingests a report into the store, in one transaction: an invalid finding or an error of the stream
 * part-way writes nothing. The same scan id ingested twice writes once (the second call returns the
 * stored result with `replayed: true`); the same report under a new scan changes nothing but the
 * last-seen marks. See `IngestMode` for `new`, `merge` and `delta`.
 *
 * Triage survives: a finding marked false positive or accepted risk keeps that status whatever the
 * mode, and leaves the scan's `counts`, verdict and score (`triaged` says how many there were); an
 * acceptance whose expiry has passed is reopened (history actor `scanrelay`) before the report is
 * compared, so it counts again.
 */
export async function ingest(store: Store, input: IngestInput): Promise<IngestResult> {
  checkInput(input);
  const batchSize = input.batchSize ?? DEFAULT_BATCH;
  return store.transaction(async (tx) => {
    const tenantId = input.tenant;
    if (!(await tx.tenants.get(tenantId)))
      throw new CoreError('not_found', `no tenant with id "${tenantId}"`);
    const projectInput = typeof input.project === 'string' ? { name: input.project } : input.project;
    const project = await tx.projects.getOrCreate(tenantId, projectInput);
    await tx.findings.lockProject(project.id);

    const { scan, existed } = await resolveScan(tx, tenantId, project.id, input);
    if (scan.ingest) {
      const stored = scan.ingest as unknown as IngestResult;
      // A result stored before triage existed has no `triaged`: none were.
      return { ...stored, triaged: stored.triaged ?? 0, replayed: true };
    }
    // An acceptance that expired reopens on the next import: before the report is compared.
    await tx.findings.reopenExpired(tenantId, new Date().toISOString(), project.id);

    const seenAt = await runSeenAt(tx, tenantId, project.id, scan, existed);
    const r: IngestResult = {
      tenantId,
      projectId: project.id,
      project: project.name,
      scanId: scan.id,
      mode: input.mode,
      created: 0,
      updated: 0,
      unchanged: 0,
      reopened: 0,
      fixed: 0,
      read: 0,
      total: 0,
      duplicates: 0,
      triaged: 0,
      counts: emptyCounts(),
      fixedCounts: emptyCounts(),
      verdict: 'pass',
      score: 100,
      replayed: false,
    };
    const tools = new Set<string>();
    // A first import looks up only what an earlier batch of it inserted (see `createRunFingerprints`).
    const projectWasEmpty = !(await tx.findings.hasFindings(tenantId, project.id));
    const runFingerprints = createRunFingerprints(projectWasEmpty);
    // The previous batch's write: the next batch is read and checked while the database works on it.
    let writing: Promise<void> | undefined;
    // A batch is seconds of synchronous work on a big report: let the event loop (the API of a
    // single-process `serve`) in every slice.
    const slice = createTimeSlice();
    const due = (i: number) => i % YIELD_EVERY === 0 && slice.due();

    for await (const batch of batches(input.findings, batchSize)) {
      const merged = new Map<string, Merged>();
      for (let i = 0; i < batch.length; i++) {
        if (due(i)) await slice.pause();
        const row = toFindingRow(checkFinding(batch[i], r.read++, input.validation));
        const seen = merged.get(row.fingerprint);
        if (seen) {
          seen.occurrences += row.occurrences;
          r.duplicates++;
        } else {
          merged.set(row.fingerprint, { row, occurrences: row.occurrences });
        }
      }
      await writing;
      if (slice.due()) await slice.pause();
      const toLookUp = runFingerprints.toLookUp([...merged.keys()]);
      const existing =
        toLookUp.length > 0
          ? await tx.findings.lookup(tenantId, project.id, toLookUp)
          : new Map<string, ExistingFinding>();
      const inserts: FindingInsert[] = [];
      const updates: FindingUpdate[] = [];
      let i = 0;
      for (const [fp, { row, occurrences }] of merged) {
        if (due(++i)) await slice.pause();
        const old = existing.get(fp);
        if (old && old.lastScanId === scan.id && old.lastSeenAt === seenAt) {
          // Seen in an earlier batch of this report: one finding, more occurrences.
          updates.push({ id: old.id, occurrences: old.occurrences + occurrences });
          r.duplicates++;
          continue;
        }
        tools.add(row.tool);
        r.total++;
        // A false positive or an accepted risk keeps its status and counts for neither verdict nor score.
        if (old && TRIAGED.has(old.status)) r.triaged++;
        else r.counts[row.severity]++;
        if (!old) {
          inserts.push({ ...row, id: uuidv7(), occurrences });
          runFingerprints.inserted(fp);
          r.created++;
          continue;
        }
        const changed = old.contentHash !== row.contentHash;
        const reopen = old.status === 'fixed' && input.mode !== 'delta';
        if (reopen) r.reopened++;
        else if (changed) r.updated++;
        else r.unchanged++;
        updates.push({
          id: old.id,
          occurrences,
          change:
            reopen || changed
              ? {
                  status: reopen ? 'open' : old.status,
                  reopen,
                  severity: row.severity,
                  contentHash: row.contentHash,
                  data: changed ? row.data : undefined,
                  search: changed
                    ? { title: row.title, locationKind: row.locationKind, locator: row.locator }
                    : undefined,
                }
              : undefined,
        });
      }
      writing = tx.findings.writeBatch({
        tenantId,
        projectId: project.id,
        scanId: scan.id,
        seenAt,
        inserts,
        updates,
      });
      // Its error surfaces at the next `await writing`; until then it must not count as unhandled.
      writing.catch(() => {});
      input.onProgress?.(r.read);
    }
    await writing;

    if (input.mode === 'new') {
      r.fixedCounts = await tx.findings.closeMissing({
        tenantId,
        projectId: project.id,
        scanId: scan.id,
        at: seenAt,
        tools: [...tools],
        scanner: input.scanner,
      });
      r.fixed = Object.values(r.fixedCounts).reduce((a, b) => a + b, 0);
    }
    r.score = computeScore(r.counts);
    r.verdict = computeVerdict(r.counts);
    await tx.scans.update(tenantId, scan.id, {
      status: 'completed',
      counts: r.counts,
      verdict: r.verdict,
      score: r.score,
      completedAt: new Date().toISOString(),
      ingest: r as unknown as Record<string, unknown>,
    });
    return r;
  });
}

async function resolveScan(
  tx: Store,
  tenantId: string,
  projectId: string,
  input: IngestInput,
): Promise<{ scan: StoredScan; existed: boolean }> {
  const s = input.scan;
  if (s.id) {
    const existing = await tx.scans.get(tenantId, s.id);
    if (existing) {
      if (existing.projectId !== projectId) {
        throw new CoreError(
          'invalid_input',
          `scan "${s.id}" belongs to project "${existing.project}", not this one`,
        );
      }
      return { scan: existing, existed: true };
    }
    if (s.existing) throw new CoreError('not_found', `scan "${s.id}" was not found`);
  }
  const scan = await tx.scans.create(tenantId, {
    id: s.id,
    projectId,
    provider: s.provider,
    kind: s.kind ?? 'upload',
    status: 'running',
    externalId: s.externalId,
    commitSha: s.commitSha,
    target: s.target,
    startedAt: s.startedAt ?? new Date().toISOString(),
  });
  return { scan, existed: false };
}

/** `ingest` bound to a store, for apps that pass services around. */
export function createIngestService(store: Store): { ingest(input: IngestInput): Promise<IngestResult> } {
  return { ingest: (input) => ingest(store, input) };
}
