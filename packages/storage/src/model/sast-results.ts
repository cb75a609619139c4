import type { SeverityCounts, Verdict } from '@scanrelay/findings-schema';

/**
 * The one external SAST result kept per project and provider (the seed's `ExternalScanResult`): the
 * durable audit record, with the full findings and the attestation as received.
 */
export interface SastResultRecord {
  tenantId: string;
  projectId: string;
  provider: string;
  /** The dispatched scan this result answers. */
  scanId: string;
  /** When that scan was dispatched: a result of an older dispatch never replaces a newer one's. */
  scanCreatedAt: string;
  repoUrl: string;
  /** `git rev-parse HEAD` of what was scanned (absent for a failed checkout). */
  commitSha?: string;
  status: 'completed' | 'failed';
  error?: string;
  verdict: Verdict;
  counts: SeverityCounts;
  score: number;
  tool: { name: string; version?: string };
  /** The canonical findings exactly as received (kept for audit). */
  findings: unknown[];
  /** The DSSE envelope, when the result carried one (verified before it is stored). */
  attestation?: unknown;
  /** The key id that verified `attestation`. */
  attestationKeyId?: string;
  /** The delivery that carried it, and the SHA-256 (hex) of its raw body. */
  deliveryId: string;
  bodyDigest: string;
  startedAt: string;
  finishedAt: string;
  receivedAt: string;
}

export interface SastResultRepository {
  /**
   * Stores `record` as the project's result for its provider, unless the stored one answers a scan
   * dispatched later (`scanCreatedAt` newer): then nothing changes and `current` is false.
   */
  upsert(record: SastResultRecord): Promise<{ current: boolean; record: SastResultRecord }>;
  get(tenantId: string, projectId: string, provider: string): Promise<SastResultRecord | undefined>;
  /** Every provider's result of a project, by provider name. */
  listForProject(tenantId: string, projectId: string): Promise<SastResultRecord[]>;
}
