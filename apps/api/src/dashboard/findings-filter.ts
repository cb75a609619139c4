import { SEVERITIES, SORT_ORDERS } from '@scanrelay/findings-schema';
import {
  FINDING_LOCATION_KINDS,
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  FINDING_STATUSES,
  type FindingQuery,
} from '@scanrelay/storage';
import { z } from 'zod';

/** Rows per page of the dashboard's findings tables (the API's default page size). */
const FINDINGS_PAGE_SIZE = 50;

/** A select of the filter form: the empty option means "any". */
const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.literal(''), z.enum(values)])
    .optional()
    .transform((v) => (v === '' ? undefined : v));

/** Free text of the filter form: trimmed; empty means "any"; no control characters. */
const text = (max: number) =>
  z
    .string()
    .max(max, `at most ${max} characters`)
    .regex(/^[^\x00-\x1f\x7f]*$/, 'no control characters')
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * The GET filter form of a project's findings (`?severity=&status=&tool=&kind=&q=&sort=&order=&cursor=`):
 * the same filters as `GET /api/v1/projects/:name/findings`, so the rows are the API's rows.
 */
export const findingsFilterSchema = z.object({
  severity: choice(SEVERITIES),
  status: choice(FINDING_STATUSES),
  tool: text(100),
  kind: choice(FINDING_LOCATION_KINDS),
  q: text(FINDING_SEARCH_MAX),
  sort: choice(FINDING_SORTS),
  order: choice(SORT_ORDERS),
  cursor: z
    .string()
    .max(512)
    .regex(/^[A-Za-z0-9_-]*$/, 'expected the cursor of a previous page')
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
});
export type FindingsFilter = Partial<z.output<typeof findingsFilterSchema>>;

/** The store query of a filter (the project is added by the caller). */
export function toFindingQuery(filter: FindingsFilter): FindingQuery {
  const query: FindingQuery = { limit: FINDINGS_PAGE_SIZE };
  if (filter.severity) query.severity = filter.severity;
  if (filter.status) query.status = filter.status;
  if (filter.tool) query.tool = filter.tool;
  if (filter.kind) query.kind = filter.kind;
  if (filter.q) query.q = filter.q;
  if (filter.sort) query.sort = filter.sort;
  if (filter.order) query.order = filter.order;
  if (filter.cursor) query.cursor = filter.cursor;
  return query;
}

/** The query string of `filter` with `cursor` replaced (for the Next link); empty values left out. */
export function filterSearch(filter: FindingsFilter, cursor?: string): string {
  const params = new URLSearchParams();
  for (const key of ['severity', 'status', 'tool', 'kind', 'q', 'sort', 'order'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  if (cursor) params.set('cursor', cursor);
  const s = params.toString();
  return s === '' ? '' : `?${s}`;
}

/** The first problem of a failed parse as `field: message`. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'query'}: ${issue.message}` : 'invalid query';
}
