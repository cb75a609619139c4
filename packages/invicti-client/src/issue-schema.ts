import * as z from 'zod';

const str = z.string().nullish();
const int = z.number().nullish();
const bool = z.boolean().nullish();

/** The Severity values Invicti documents for issues (IssueApiModel and the JSON report). */
export const ISSUE_SEVERITIES = ['BestPractice', 'Information', 'Low', 'Medium', 'High', 'Critical'] as const;
export type IssueSeverity = (typeof ISSUE_SEVERITIES)[number];

/**
 * An issue from `GET issues/allissues` (IssueApiModel). Only the fields this client relies on are
 * checked; everything else is kept untouched (the `invicti` parser of @scanrelay/parsers reads more of it).
 */
export const issueSchema = z.looseObject({
  Id: z.string().min(1),
  Title: z.string(),
  Severity: z.string().min(1),
  Type: str,
  Url: str,
  State: str,
  Certainty: int,
  IsPresent: bool,
  IsAddressed: bool,
  LatestScanId: str,
  WebsiteId: str,
  WebsiteName: str,
  WebsiteRootUrl: str,
  FirstSeenDate: str,
  LastSeenDate: str,
});
export type Issue = z.infer<typeof issueSchema>;

/** The envelope every paged v1 list endpoint uses. */
export function pagedSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    List: z.array(item),
    HasNextPage: z.boolean(),
    PageNumber: z.number().int(),
    PageSize: z.number().int(),
    PageCount: z.number().int().nullish(),
    TotalItemCount: z.number().int().nullish(),
    FirstItemOnPage: z.number().int().nullish(),
    LastItemOnPage: z.number().int().nullish(),
    IsFirstPage: bool,
    IsLastPage: bool,
    HasPreviousPage: bool,
  });
}

export const issuePageSchema = pagedSchema(issueSchema);
export type IssuePage = z.infer<typeof issuePageSchema>;

/** `GET scans/report?type=Vulnerabilities&format=Json`: the fields this client checks. */
export const vulnerabilitiesReportSchema = z.looseObject({
  Generated: str,
  Target: z.looseObject({ ScanId: z.string().min(1), Url: str, Initiated: str, Duration: str }),
  Vulnerabilities: z.array(z.looseObject({ Name: z.string(), Severity: z.string().min(1), Url: str })),
});
export type VulnerabilitiesReport = z.infer<typeof vulnerabilitiesReportSchema>;
