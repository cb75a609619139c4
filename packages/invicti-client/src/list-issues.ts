import type { Issue, IssueSeverity } from './issue-schema.js';
import type { Requester } from './request.js';

/** Invicti caps `pageSize` at 200 on every list endpoint. */
export const MAX_PAGE_SIZE = 200;

export interface ListIssuesOptions {
  /** 1–200; default 200 (fewest round trips). */
  pageSize?: number;
  /**
   * Narrows `issues/allissues` on the server with `webSiteName`. Default: the scan's WebsiteName from
   * `scans/detail/{id}`; `null` skips the lookup and reads the whole account.
   */
  websiteName?: string | null;
  severity?: IssueSeverity;
  /** Also yield issues the scan found fixed (`IsPresent: false`). Default false. */
  includeAbsent?: boolean;
  signal?: AbortSignal;
  /** Called after each page with how far the walk is. */
  onPage?: (info: { page: number; pageCount: number | undefined; matched: number; seen: number }) => void;
}

/** GUIDs arrive with or without dashes and braces, in any case (the JSON report drops the dashes). */
export function sameScanId(a: string | null | undefined, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[{}-]/g, '');
  return typeof a === 'string' && norm(a) === norm(b);
}

/**
 * The issues of one scan, page by page from `GET issues/allissues`, kept when their `LatestScanId` is
 * the scan. allissues has no scan filter, so the walk is narrowed to the scan's website on the
 * server and to the scan on the client.
 */
export async function* listIssues(
  request: Requester,
  lookupWebsiteName: (scanId: string, signal?: AbortSignal) => Promise<string | null | undefined>,
  scanId: string,
  opts: ListIssuesOptions = {},
): AsyncGenerator<Issue> {
  const pageSize = opts.pageSize ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new TypeError(
      `@scanrelay/invicti-client: listIssues: pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`,
    );
  }
  const websiteName =
    opts.websiteName === undefined ? await lookupWebsiteName(scanId, opts.signal) : opts.websiteName;
  // Built on first use: a launch never reads issues (see README, start-up).
  const { issuePageSchema } = await import('./issue-schema.js');
  let matched = 0;
  let seen = 0;
  for (let page = 1; ; page++) {
    const result = await request({
      method: 'GET',
      path: 'issues/allissues',
      searchParams: { page, pageSize, webSiteName: websiteName ?? undefined, severity: opts.severity },
      schema: issuePageSchema,
      signal: opts.signal,
    });
    for (const issue of result.List) {
      seen += 1;
      if (!sameScanId(issue.LatestScanId, scanId)) continue;
      if (!opts.includeAbsent && issue.IsPresent === false) continue;
      matched += 1;
      yield issue;
    }
    opts.onPage?.({ page, pageCount: result.PageCount ?? undefined, matched, seen });
    // An empty page that claims a next one would loop forever.
    if (!result.HasNextPage || result.List.length === 0) return;
  }
}
