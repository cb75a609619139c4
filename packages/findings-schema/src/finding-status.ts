import type { Location } from './location.js';

/**
 * Where a stored finding stands across imports: `fixed` when a later full import no longer reports it,
 * `false-positive` and `accepted-risk` by a person's triage, `duplicate` of another finding.
 */
export const FINDING_STATUSES = ['open', 'fixed', 'false-positive', 'accepted-risk', 'duplicate'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** The statuses a person sets by triage (`fixed` and `duplicate` are set by imports). */
export const TRIAGE_STATUSES = ['open', 'false-positive', 'accepted-risk'] as const;
export type TriageStatus = (typeof TRIAGE_STATUSES)[number];

/** The kinds of `finding.location` a finding list filters by (`kind`). */
export const FINDING_LOCATION_KINDS = [
  'source',
  'package',
  'url',
  'host',
] as const satisfies readonly Location['kind'][];
export type FindingLocationKind = (typeof FINDING_LOCATION_KINDS)[number];

/** The orders a finding list takes (`sort`), each with the id as tie-breaker; default `id` (creation order). */
export const FINDING_SORTS = ['id', 'severity', 'first_seen', 'last_seen'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

/** `order` of a sorted list; default `asc` (`severity` `desc` lists critical first). */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** Longest text search (`q`) of a finding list or bulk filter. */
export const FINDING_SEARCH_MAX = 200;
