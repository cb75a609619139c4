import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { invictiParser } from './invicti.js';
import { invictiDate } from './invicti-common.js';
import { invictiIssueToFinding } from './invicti-issue.js';

const issue = (over: Record<string, unknown> = {}) => ({
  Id: '735f4503-e9eb-4b4c-4306-ad49020a4c4b',
  Title: 'Boolean Based SQL Injection',
  Type: 'ConfirmedBooleanSqlInjection',
  Url: 'http://php.testsparker.com/artist.php?id=-1%20OR%2017-7%3d10',
  Severity: 'Critical',
  State: 'Present',
  Certainty: 100,
  LatestVulnerabilityIsConfirmed: true,
  FirstSeenDate: '16/06/2021 12:38 PM',
  LastSeenDate: '25/06/2021 01:52 AM',
  LatestScanId: 'ee913692-0f62-4348-6d12-ad5104e2f745',
  WebsiteName: 'testsparker',
  WebsiteRootUrl: 'http://php.testsparker.com/',
  Parameters: [{ Name: 'id', Value: '-1 OR 17-7=10', TypeName: 'Querystring', InputType: 'Querystring' }],
  VulnerabilityDetail: '<p>Invicti identified a <strong>Boolean-Based SQL Injection</strong>.</p>',
  Impact: '<div>Full database access &amp; more.</div>',
  Remedy: '<p>Use parameterized queries.</p>',
  RemedyReferences: "<ul><li><a href='https://owasp.org/sqli'>OWASP</a></li></ul>",
  Classification: { Cwe: '89', Owasp: 'A1', Capec: '66', Wasc: '19' },
  Cvss31VectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
  Cvss31Vector: { Base: { Severity: 'Critical', Value: 10 } },
  ...over,
});
const parse = (doc: unknown, warnings: string[] = []) =>
  collect(
    invictiParser.parse(new ParseInput({ text: JSON.stringify(doc) }), {
      onWarning: (w) => warnings.push(w),
    }),
  );

describe('invicti parser: API issues', () => {
  it('maps an IssueApiModel: URL and parameter, CWE, CVSS, plain-text description, links, dates', async () => {
    const [f] = await parse(issue());
    expect(f).toMatchObject({
      tool: { id: 'invicti', name: 'Invicti' },
      ruleId: 'ConfirmedBooleanSqlInjection',
      name: 'Boolean Based SQL Injection',
      description: 'Invicti identified a Boolean-Based SQL Injection.\n\nFull database access & more.',
      severity: 'critical',
      confidence: 'high',
      category: 'DAST',
      location: {
        kind: 'url',
        url: 'http://php.testsparker.com/artist.php?id=-1%20OR%2017-7%3d10',
        parameter: 'id',
      },
      cwe: ['CWE-89'],
      cvss: { version: '3.1', score: 10 },
      references: ['https://owasp.org/sqli'],
      mitigation: 'Use parameterized queries.',
      identifiedAt: '2021-06-16T12:38:00.000Z',
      stableId: '735f4503-e9eb-4b4c-4306-ad49020a4c4b',
      attributes: {
        state: 'Present',
        scanId: 'ee913692-0f62-4348-6d12-ad5104e2f745',
        classification: { Owasp: 'A1', Capec: '66', Wasc: '19' },
      },
    });
  });

  it('reads one issue, an array, or an allissues page (warning when more pages exist)', async () => {
    const warnings: string[] = [];
    const page = {
      FirstItemOnPage: 1,
      HasNextPage: true,
      PageNumber: 1,
      PageSize: 2,
      TotalItemCount: 3,
      List: [issue(), issue({ Id: 'b', Severity: 'BestPractice' })],
    };
    expect((await parse(page, warnings)).map((f) => f.severity)).toEqual(['critical', 'info']);
    expect(warnings).toEqual([
      'invicti: this page says HasNextPage=true; only the issues in this page are imported',
    ]);
    expect(await parse([issue(), issue({ Id: 'c', Severity: 'Information' })])).toHaveLength(2);
  });

  it('gives a report vulnerability and the API issue with the same id the same fingerprint', async () => {
    const report = {
      Generated: '25/06/2021 10:00 AM',
      Target: { ScanId: 'ee9136920f6243486d12ad5104e2f745', Url: 'http://php.testsparker.com/' },
      Vulnerabilities: [
        {
          Name: 'Boolean Based SQL Injection',
          Type: 'ConfirmedBooleanSqlInjection',
          Url: 'http://php.testsparker.com/artist.php?id=-1%20OR%2017-7%3d10',
          Severity: 'Critical',
          LookupId: '735f4503-e9eb-4b4c-4306-ad49020a4c4b',
          Classification: { Cwe: '89' },
          HttpRequest: {
            Method: 'GET',
            Parameters: [{ Name: 'id', Vulnerable: true }],
            Content: 'GET / HTTP/1.1\r\nCookie: s=1',
          },
        },
      ],
    };
    const [fromReport] = await parse(report);
    const fromApi = invictiIssueToFinding(issue());
    expect(fromReport?.location).toMatchObject({ method: 'GET', parameter: 'id' });
    expect(fromReport?.fingerprint).toBe(fromApi.fingerprint);
    expect(JSON.stringify(fromReport)).not.toContain('Cookie');
  });

  it('invictiIssueToFinding and the parser give ParseErrors for malformed input', async () => {
    expect(() => invictiIssueToFinding({ Title: 'x', Severity: 'High' })).toThrow(/\$\.Url/);
    const e = await parse({ Generated: 'x', Target: {}, Vulnerabilities: [{ Name: 'n', Url: 'u' }] }).catch(
      (x: unknown) => x,
    );
    expect(isParseError(e) && e.where.path).toBe('$.Vulnerabilities[0].Severity');
    const other = await parse({ results: [] }).catch((x: unknown) => x);
    expect(isParseError(other) && other.where.path).toBe('$');
  });

  it('is detected for reports and API issues', () => {
    expect(
      detectScannerFromHead(JSON.stringify({ Generated: 'x', Target: {}, Vulnerabilities: [] }))?.scanner,
    ).toBe('invicti');
    expect(
      detectScannerFromHead(JSON.stringify({ List: [issue()], HasNextPage: false, PageNumber: 1 }))?.scanner,
    ).toBe('invicti');
    expect(detectScannerFromHead(JSON.stringify(issue()))?.scanner).toBe('invicti');
  });
});

describe('invictiDate', () => {
  it.each([
    ['25/06/2021 09:59 AM', '2021-06-25T09:59:00.000Z'],
    ['25/06/2021 12:30 PM', '2021-06-25T12:30:00.000Z'],
    ['25/06/2021 12:30 AM', '2021-06-25T00:30:00.000Z'],
    ['03/02/2019 15:50:29 (UTC-06:00)', '2019-02-03T21:50:29.000Z'],
    ['2024-10-08 02:33 PM', '2024-10-08T14:33:00.000Z'],
    ['06/25/2021 09:59 AM', '2021-06-25T09:59:00.000Z'],
    ['2021-06-25T09:59:00Z', '2021-06-25T09:59:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(invictiDate(text)).toBe(iso);
  });

  it('refuses what is not a date', () => {
    expect(invictiDate('31/02/2021')).toBeUndefined();
    expect(invictiDate('yesterday')).toBeUndefined();
    expect(invictiDate(undefined)).toBeUndefined();
  });
});

describe('invicti oneFindingPerRecord', () => {
  it('merges a repeated issue by default and keeps each with oneFindingPerRecord', async () => {
    const text = JSON.stringify([issue(), issue()]);
    expect((await parse([issue(), issue()])).map((f) => f.occurrences)).toEqual([2]);
    const each = await collect(invictiParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    expect(each.map((f) => [f.name, f.occurrences])).toEqual([
      ['Boolean Based SQL Injection', 1],
      ['Boolean Based SQL Injection', 1],
    ]);
  });
});
