import type { Finding } from '@scanrelay/findings-schema';
import type { FindingLocationKind } from './model/findings.js';

/** The copies of a finding the store keeps in columns to filter, search and sort on. */
export interface FindingSearchColumns {
  /** The finding's name. */
  title: string;
  locationKind: FindingLocationKind | null;
  /** The file, package name, URL or host of the location. */
  locator: string | null;
}

/**
 * The search columns of a finding (migration 0004 backfills the same from the stored JSON). Ingest
 * passes them with each new or changed row, so the store does not parse the JSON again.
 */
export function findingSearchColumns(finding: Pick<Finding, 'name' | 'location'>): FindingSearchColumns {
  const loc = finding.location;
  if (!loc) return { title: finding.name, locationKind: null, locator: null };
  const locator =
    loc.kind === 'source'
      ? loc.file
      : loc.kind === 'package'
        ? loc.name
        : loc.kind === 'url'
          ? loc.url
          : loc.host;
  return { title: finding.name, locationKind: loc.kind, locator };
}
