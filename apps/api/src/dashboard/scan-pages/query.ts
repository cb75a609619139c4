import { projectNameSchema } from '@scanrelay/api-schema';
import { TREND_DAYS_MAX } from '@scanrelay/core';
import { SCAN_KINDS, SCAN_STATUSES } from '@scanrelay/findings-schema';
import { JOB_STATUSES } from '@scanrelay/storage';
import type { Context } from 'hono';
import { z } from 'zod';
import { pageQuerySchema, textFilter } from '../../schemas/common.js';
import { firstIssue } from '../findings-filter.js';

/** `/dashboard/scans` filters (the same as `GET /api/v1/scans`) and paging. */
export const scanFiltersSchema = pageQuerySchema.extend({
  project: projectNameSchema.optional(),
  provider: textFilter(100),
  kind: z.enum(SCAN_KINDS).optional(),
  status: z.enum(SCAN_STATUSES).optional(),
});
export type ScanFilters = z.infer<typeof scanFiltersSchema>;

/** `/dashboard/jobs` filters and paging. */
export const jobFiltersSchema = pageQuerySchema.extend({
  status: z.enum(JOB_STATUSES).optional(),
  type: textFilter(100),
});
export type JobFilters = z.infer<typeof jobFiltersSchema>;

/** `/dashboard/trends?days=`. */
export const trendQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(TREND_DAYS_MAX).optional(),
});

/** `Last-Event-ID` (sent by EventSource when it reconnects): the seq of the last line the page has. */
export const lastEventIdSchema = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0);

type Parsed<T> = { ok: true; data: T } | { ok: false; message: string };

/** A zod result as `Parsed`: the first failing field and why, for a 400 page. */
export function parsed<T>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  return result.success ? { ok: true, data: result.data } : { ok: false, message: firstIssue(result.error) };
}

/** The query string, blank fields left out (a filter form sends `status=` for "any"). */
function queryOf(c: Context): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(c.req.query())) if (value !== '') out[key] = value;
  return out;
}

/** Parses the request's query with `schema`. */
export function parseQuery<T>(c: Context, schema: z.ZodType<T>): Parsed<T> {
  return parsed(schema.safeParse(queryOf(c)));
}
