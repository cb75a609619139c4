import { randomUUID } from 'node:crypto';

/** An issue as `issues/allissues` returns it (IssueApiModel); extra fields pass through untouched. */
export type FakeIssue = Record<string, unknown> & {
  Id: string;
  Title: string;
  Severity: string;
  LatestScanId: string;
  WebsiteName: string;
};

const CATALOGUE = [
  {
    Type: 'SqlInjection',
    Title: 'SQL Injection',
    Severity: 'Critical',
    Cwe: '89',
    Owasp: 'A1',
    Path: 'artist.php?id=1',
  },
  {
    Type: 'Xss',
    Title: 'Cross-site Scripting',
    Severity: 'High',
    Cwe: '79',
    Owasp: 'A7',
    Path: 'search.php?q=test',
  },
  {
    Type: 'OutOfDateJQuery',
    Title: 'Out-of-date Version (jQuery)',
    Severity: 'Medium',
    Cwe: '1035, 937',
    Owasp: 'A9',
    Path: 'js/jquery.js',
  },
  {
    Type: 'CookieNotMarkedAsHttpOnly',
    Title: 'Cookie Not Marked as HttpOnly',
    Severity: 'Low',
    Cwe: '16',
    Owasp: 'A5',
    Path: 'auth/login.php',
  },
  {
    Type: 'ApacheVersionDisclosure',
    Title: 'Apache Version Disclosure',
    Severity: 'Information',
    Cwe: '205',
    Owasp: 'A5',
    Path: '',
  },
  {
    Type: 'MissingContentSecurityPolicy',
    Title: 'Content Security Policy (CSP) Not Implemented',
    Severity: 'BestPractice',
    Cwe: '',
    Owasp: '',
    Path: '',
  },
] as const;

/** Invicti's account date format as the API shows it, e.g. `25/06/2021 09:59 AM`. */
function invictiDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const h = d.getUTCHours() % 12 || 12;
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(h)}:${p(d.getUTCMinutes())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/**
 * Issues for a completed scan: `n` generated ones cycling through six vulnerability types and every
 * severity, or the given partial issues completed with the scan's ids.
 */
export function makeIssues(
  scan: { id: string; targetUrl: string; websiteId: string; websiteName: string; websiteRootUrl: string },
  spec: number | Record<string, unknown>[],
  now: number,
): FakeIssue[] {
  const seeds: Record<string, unknown>[] =
    typeof spec === 'number' ? Array.from({ length: spec }, () => ({})) : spec;
  return seeds.map((seed, i) => {
    const t = CATALOGUE[i % CATALOGUE.length] as (typeof CATALOGUE)[number];
    const base = scan.targetUrl.endsWith('/') ? scan.targetUrl : `${scan.targetUrl}/`;
    const round = Math.floor(i / CATALOGUE.length);
    const url = `${base}${t.Path}${round > 0 ? `${t.Path.includes('?') ? '&' : '?'}n=${round}` : ''}`;
    return {
      Id: randomUUID(),
      Title: t.Title,
      Type: t.Type,
      Url: url,
      Severity: t.Severity,
      State: 'Present',
      Certainty: 100 - (i % 3) * 10,
      IsPresent: true,
      IsAddressed: false,
      IsRetest: false,
      IsTodo: true,
      IsDetectedByShark: false,
      LatestVulnerabilityIsConfirmed: t.Severity === 'Critical' || t.Severity === 'High',
      FirstSeenDate: invictiDate(now),
      LastSeenDate: invictiDate(now),
      UpdatedDate: invictiDate(now),
      LatestScanId: scan.id,
      WebsiteId: scan.websiteId,
      WebsiteName: scan.websiteName,
      WebsiteRootUrl: scan.websiteRootUrl,
      Parameters: t.Path.includes('?')
        ? [{ Name: t.Path.split('?')[1]?.split('=')[0] ?? '', Value: '1', TypeName: 'Get', InputType: 'Get' }]
        : [],
      VulnerabilityDetail: `<p>Invicti identified ${t.Title}.</p>`,
      Impact: '<p>Depends on the vulnerability.</p>',
      Remedy: `<p>Fix ${t.Title}.</p>`,
      RemedyReferences: '',
      ExternalReferences: '',
      ProofOfConcept: '',
      Classification: {
        Cwe: t.Cwe,
        Owasp2017: t.Owasp,
        Capec: '',
        Wasc: '',
        Pci32: '',
        Hipaa: '',
        IsEmpty: t.Cwe === '',
      },
      CvssVectorString: t.Severity === 'Critical' ? 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' : null,
      Cvss31VectorString: null,
      History: [],
      Tags: [],
      ...seed,
    } as FakeIssue;
  });
}

/** The paged envelope of every v1 list endpoint. `page` is 1-based. */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number) {
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const start = (page - 1) * pageSize;
  const list = items.slice(start, start + pageSize);
  return {
    FirstItemOnPage: list.length > 0 ? start + 1 : 0,
    HasNextPage: page < pageCount,
    HasPreviousPage: page > 1,
    IsFirstPage: page === 1,
    IsLastPage: page >= pageCount,
    LastItemOnPage: start + list.length,
    List: list,
    PageCount: pageCount,
    PageNumber: page,
    PageSize: pageSize,
    TotalItemCount: total,
  };
}

/** The JSON Vulnerabilities report (`scans/report?type=Vulnerabilities&format=Json`) for a scan's issues. */
export function reportOf(
  scan: { id: string; targetUrl: string; launchedAt: number },
  issues: FakeIssue[],
  now: number,
) {
  const seconds = Math.max(0, Math.floor((now - scan.launchedAt) / 1000));
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return {
    Generated: invictiDate(now),
    Target: {
      Duration: `${hh}:${mm}:${ss}.0000000`,
      Initiated: invictiDate(scan.launchedAt),
      ScanId: scan.id.replace(/-/g, ''),
      Url: scan.targetUrl,
    },
    Vulnerabilities: issues.map((i) => ({
      Certainty: i.Certainty,
      Classification: i.Classification,
      Confirmed: i.LatestVulnerabilityIsConfirmed,
      Description: i.VulnerabilityDetail,
      FirstSeenDate: i.FirstSeenDate,
      LastSeenDate: i.LastSeenDate,
      LookupId: i.Id,
      Name: i.Title,
      RemedialProcedure: i.Remedy,
      Impact: i.Impact,
      Severity: i.Severity,
      State: i.State,
      Type: i.Type,
      Url: i.Url,
      ExtraInformation: [],
      KnownVulnerabilities: [],
      Tags: i.Tags,
    })),
  };
}
