import { createHash, hash } from 'node:crypto';
import type { Finding, Severity } from '@scanrelay/findings-schema';

/** What ingest stores of one report entry. */
export interface FindingRow {
  fingerprint: string;
  tool: string;
  scanner: string;
  ruleId: string;
  severity: Severity;
  occurrences: number;
  /** sha256 of the content: everything but the id, occurrences and identifiedAt. */
  contentHash: string;
  /** The canonical finding as JSON, without id and occurrences (the store adds both back). */
  data: string;
}

// Node's one-shot hash (20.12+) is a few times faster than createHash for short inputs.
const sha256 =
  typeof hash === 'function'
    ? (s: string) => hash('sha256', s, 'hex')
    : (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A checked finding as a row. Findings made by `createFinding` (zod) have their keys in schema
 * order, so equal content hashes equally.
 */
export function toFindingRow(finding: Finding): FindingRow {
  const { id: _id, occurrences, identifiedAt, ...content } = finding;
  const json = JSON.stringify(content);
  return {
    fingerprint: content.fingerprint,
    tool: content.tool.name.toLowerCase(),
    scanner: content.tool.id,
    ruleId: content.ruleId,
    severity: content.severity,
    occurrences,
    contentHash: sha256(json),
    // The time the scanner saw it changes every run: kept, but not part of the content.
    data:
      identifiedAt === undefined
        ? json
        : `${json.slice(0, -1)},"identifiedAt":${JSON.stringify(identifiedAt)}}`,
  };
}
