import { createHash, hash } from 'node:crypto';
import type { Finding, Severity } from '@scanrelay/findings-schema';
import { type FindingSearchColumns, findingSearchColumns } from '@scanrelay/storage/types';
import { stripNul } from './strip-nul.js';

/** What ingest stores of one report entry (with the store's search columns of it). */
export interface FindingRow extends FindingSearchColumns {
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

/** NUL as `JSON.stringify` writes it (a literal `\\u0000` text only costs a needless strip). */
const NUL_ESCAPE = '\\u0000';

/**
 * A checked finding as a row. Findings made by `createFinding` (zod) have their keys in schema
 * order, so equal content hashes equally. NUL is removed from every string and key of the finding
 * here, the one place all findings pass before storage: PostgreSQL cannot store it and SQLite must
 * store the same.
 */
export function toFindingRow(checked: Finding): FindingRow {
  let finding = checked;
  let content = omitVolatile(finding);
  let json = JSON.stringify(content);
  if (json.includes(NUL_ESCAPE) || checked.identifiedAt?.includes('\u0000')) {
    finding = stripNul(checked);
    content = omitVolatile(finding);
    json = JSON.stringify(content);
  }
  const { occurrences, identifiedAt } = finding;
  const search = findingSearchColumns(finding);
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
    title: search.title,
    locationKind: search.locationKind,
    locator: search.locator,
  };
}

type Content = Omit<Finding, 'id' | 'occurrences' | 'identifiedAt'>;

/**
 * The content: everything but the id, occurrences and identifiedAt, keys in the finding's order (as
 * a rest spread would copy them, and the stored hashes were made of; a loop over the keys costs a
 * third less than the spread).
 */
function omitVolatile(finding: Finding): Content {
  const content: Record<string, unknown> = {};
  for (const key of Object.keys(finding)) {
    if (key !== 'id' && key !== 'occurrences' && key !== 'identifiedAt')
      content[key] = finding[key as keyof Finding];
  }
  return content as Content;
}
