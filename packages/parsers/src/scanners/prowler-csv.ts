import type { ParseInput } from '../io/parse-input.js';
import { type CsvRow, readCsvRows } from '../io/read-csv.js';
import type { ProwlerRecord } from './prowler-record.js';
import { PROWLER, urlOrUndefined } from './prowler-record.js';
import { nonBlankString } from './support/field-readers.js';

/**
 * Streams the rows of a prowler CSV report (3.x and 4+/5 write `;`-separated columns, by name: 4+
 * names FINDING_UID, RESOURCE_UID, ACCOUNT_UID, TIMESTAMP; 3.x FINDING_UNIQUE_ID, RESOURCE_ARN,
 * RESOURCE_ID, ACCOUNT_ID, ASSESSMENT_START_TIME). A `,` header (a re-saved file) is read too.
 */
export function readProwlerCsv(input: ParseInput, delimiter: string): AsyncGenerator<CsvRow> {
  return readCsvRows(input, {
    scanner: PROWLER,
    required: ['CHECK_ID', 'STATUS'],
    expected: 'a prowler CSV header',
    delimiter,
  });
}

/** `A | B | C` (how prowler joins lists in a cell) → `[A, B, C]`. */
function splitList(v: string | undefined): string[] {
  return v
    ? v
        .split(' | ')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

export function fromCsvRow(row: CsvRow): ProwlerRecord | undefined {
  const f = row.fields;
  const s = (name: string): string | undefined => nonBlankString(f[name])?.trim();
  const checkId = s('CHECK_ID');
  if (!checkId) return undefined;
  return {
    checkId,
    title: s('CHECK_TITLE'),
    status: s('STATUS') ?? '',
    statusDetail: s('STATUS_EXTENDED'),
    severity: s('SEVERITY'),
    provider: s('PROVIDER'),
    service: s('SERVICE_NAME'),
    account: s('ACCOUNT_UID') ?? s('ACCOUNT_ID') ?? s('SUBSCRIPTION') ?? s('PROJECT_ID'),
    region: s('REGION') ?? s('LOCATION'),
    resourceUid: s('RESOURCE_UID') ?? s('RESOURCE_ARN') ?? s('RESOURCE_ID'),
    resourceName: s('RESOURCE_NAME'),
    resourceType: s('RESOURCE_TYPE'),
    namespace: s('NAMESPACE'),
    findingUid: s('FINDING_UID') ?? s('FINDING_UNIQUE_ID'),
    time: s('TIMESTAMP') ?? s('ASSESSMENT_START_TIME'),
    description: s('DESCRIPTION'),
    risk: s('RISK'),
    relatedUrl: s('RELATED_URL'),
    remediation: s('REMEDIATION_RECOMMENDATION_TEXT'),
    remediationUrl: s('REMEDIATION_RECOMMENDATION_URL'),
    remediationCli: s('REMEDIATION_CODE_CLI') ?? s('REMEDIATION_RECOMMENDATION_CODE_CLI'),
    urls: splitList(s('ADDITIONAL_URLS')).filter((u) => urlOrUndefined(u) !== undefined),
    compliance: splitList(s('COMPLIANCE')),
    muted: s('MUTED')?.toLowerCase() === 'true',
    version: s('PROWLER_VERSION'),
  };
}
