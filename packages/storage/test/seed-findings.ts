import { createHash } from 'node:crypto';
import type { Location, Severity } from '@scanrelay/findings-schema';
import { type FindingInsert, type Store, uuidv7 } from '../src/index.js';

/** What a test finding differs in; the rest is filled in. */
export interface SeedFinding {
  name: string;
  severity: Severity;
  ruleId?: string;
  tool?: string;
  location?: Location;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The stored JSON of a seeded finding (a canonical finding without id). */
export function findingJson(f: SeedFinding): string {
  const ruleId = f.ruleId ?? `rule-${f.name}`;
  return JSON.stringify({
    tool: { id: (f.tool ?? 'semgrep').toLowerCase(), name: f.tool ?? 'Semgrep' },
    ruleId,
    name: f.name,
    severity: f.severity,
    category: 'sast',
    ...(f.location ? { location: f.location } : {}),
    cwe: [],
    cve: [],
    references: [],
    occurrences: 1,
    attributes: {},
    fingerprint: sha(`${ruleId}:${f.name}`),
  });
}

/**
 * Writes `findings` as one ingest batch of a new scan of `projectId` seen at `seenAt`, the way ingest
 * does (through `writeBatch`, without the search columns: the store reads them from the JSON);
 * returns the ids in order.
 */
export async function seedFindings(
  store: Store,
  tenantId: string,
  projectId: string,
  findings: SeedFinding[],
  seenAt = new Date().toISOString(),
): Promise<string[]> {
  const scan = await store.scans.create(tenantId, { projectId, provider: 'upload', kind: 'sast' });
  const inserts: FindingInsert[] = findings.map((f) => {
    const ruleId = f.ruleId ?? `rule-${f.name}`;
    const data = findingJson(f);
    return {
      id: uuidv7(),
      fingerprint: sha(`${ruleId}:${f.name}`),
      tool: (f.tool ?? 'semgrep').toLowerCase(),
      scanner: (f.tool ?? 'semgrep').toLowerCase(),
      ruleId,
      severity: f.severity,
      occurrences: 1,
      contentHash: sha(data),
      data,
    };
  });
  await store.transaction((tx) =>
    tx.findings.writeBatch({ tenantId, projectId, scanId: scan.id, seenAt, inserts, updates: [] }),
  );
  return inserts.map((i) => i.id);
}
