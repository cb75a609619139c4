import type { FindingDraft } from '@scanrelay/findings-schema';
import type { CsvRow } from '../io/read-csv.js';
import { ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { isoDate } from './support/field-readers.js';
import { severityOf } from './support/severity-of.js';

export const SCANNER = 'wiz';
const TOOL = { id: SCANNER, name: 'Wiz' } as const;

/** Columns each export's header names (the others are read when present). */
export const ISSUE_COLUMNS = ['Title', 'Severity', 'Status', 'Issue ID'] as const;
export const VULNERABILITY_COLUMNS = ['ID', 'Name', 'DetailedName'] as const;

/** A non-blank cell, trimmed. */
function cell(row: CsvRow, name: string): string | undefined {
  const v = row.fields[name]?.trim();
  return v ? v : undefined;
}

/** A required cell: a blank one is a ParseError at the record's line. */
function required(row: CsvRow, name: string, what: string): string {
  const v = cell(row, name);
  if (v === undefined)
    throw new ParseError(SCANNER, { line: row.line }, `${what} with a ${name} value`, {
      got: 'an empty cell',
    });
  return v;
}

/** Go's `2025-04-03 20:20:00.43042 +0000 UTC` (Wiz writes some resolution times so); the offset decides. */
const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d{1,9})? ([+-])(\d{2})(\d{2})(?: [A-Z]{1,5})?$/;

/** An ISO or Go-formatted timestamp as ISO 8601, else undefined. */
function wizTime(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = GO_TIME.exec(v);
  if (m) return isoDate(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}${m[4]}${m[5]}:${m[6]}`);
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? isoDate(v) : undefined;
}

/** Puts the non-blank cells of `columns` into attributes under their given names. */
function pick(row: CsvRow, columns: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [column, name] of Object.entries(columns)) {
    const v = cell(row, column);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

const ISSUE_ATTRIBUTES = {
  Status: 'status',
  Resolution: 'resolution',
  'Resource Type': 'resourceType',
  'Resource Name': 'resourceName',
  'Resource Region': 'resourceRegion',
  'Resource Platform': 'resourcePlatform',
  'Subscription ID': 'subscriptionId',
  'Subscription Name': 'subscriptionName',
  'Project Names': 'projects',
  'Kubernetes Cluster': 'kubernetesCluster',
  'Kubernetes Namespace': 'kubernetesNamespace',
  'Container Service': 'containerService',
  'Due At': 'dueAt',
  'Ticket URLs': 'tickets',
} as const;

/**
 * One row of the Issues export → one finding on the resource (a `source` location whose file is the
 * resource's external id, as cloud resources are here). The rule is the Control ID (the title when the
 * issue came from a threat detection without control); the Issue ID is the stable id.
 */
export function issueDraft(row: CsvRow, options: ParseOptions | undefined): FindingDraft {
  const what = 'a Wiz issue';
  const title = required(row, 'Title', what);
  const issueId = required(row, 'Issue ID', what);
  const resource =
    cell(row, 'Resource external ID') ?? cell(row, 'Resource vertex ID') ?? cell(row, 'Resource Name');
  const resolved = cell(row, 'Resolved Time');
  const resolvedAt = wizTime(resolved);
  const urls = [cell(row, 'Wiz URL'), cell(row, 'Cloud Provider URL')].filter((u): u is string => !!u);
  return {
    tool: TOOL,
    ruleId: cell(row, 'Control ID') ?? title,
    name: title,
    description: cell(row, 'Description'),
    severity: severityOf(cell(row, 'Severity'), options, `line ${row.line}: Severity`),
    category: 'Cloud',
    location: resource ? { kind: 'source', file: resource } : undefined,
    references: urls,
    mitigation: cell(row, 'Remediation Recommendation'),
    identifiedAt: wizTime(cell(row, 'Created At')),
    stableId: issueId,
    attributes: {
      issueId,
      ...pick(row, ISSUE_ATTRIBUTES),
      ...(resolvedAt ? { resolvedAt } : resolved ? { resolvedTime: resolved } : {}),
    },
  };
}

const VULNERABILITY_ATTRIBUTES = {
  FindingStatus: 'status',
  ResolutionReason: 'resolution',
  DetectionMethod: 'detectionMethod',
  AssetName: 'asset',
  AssetID: 'assetId',
  AssetRegion: 'assetRegion',
  ProviderUniqueId: 'providerUniqueId',
  CloudPlatform: 'cloudPlatform',
  SubscriptionName: 'subscriptionName',
  Projects: 'projects',
  HasExploit: 'hasExploit',
  HasCisaKevExploit: 'hasCisaKevExploit',
  OperatingSystem: 'operatingSystem',
  LastDetected: 'lastDetected',
} as const;

/**
 * One row of the Vulnerability Findings export → one finding on the package (`DetailedName` at
 * `Version`, in `LocationPath` of asset `AssetName`); the row's ID is the stable id.
 */
export function vulnerabilityDraft(row: CsvRow, options: ParseOptions | undefined): FindingDraft {
  const what = 'a Wiz vulnerability finding';
  const id = required(row, 'ID', what);
  const vuln = required(row, 'Name', what);
  const pkg = required(row, 'DetailedName', what);
  const version = cell(row, 'Version');
  const path = cell(row, 'LocationPath');
  const asset = cell(row, 'AssetName');
  const severity = cell(row, 'VendorSeverity') ?? cell(row, 'CVSSSeverity') ?? cell(row, 'Severity');
  const where = [path ? `at ${path}` : undefined, asset ? `on ${asset}` : undefined]
    .filter(Boolean)
    .join(' ');
  const description = cell(row, 'CVEDescription') ?? cell(row, 'Description');
  const remediation = cell(row, 'Remediation');
  const resolvedAt = wizTime(cell(row, 'ResolvedAt'));
  return {
    tool: TOOL,
    ruleId: vuln,
    name: `${pkg}: ${vuln}`,
    description: [`${vuln} in ${pkg}${version ? ` ${version}` : ''}${where ? ` ${where}` : ''}.`, description]
      .filter(Boolean)
      .join('\n\n'),
    severity: severityOf(severity, options, `line ${row.line}: VendorSeverity`),
    category: 'Dependency',
    location: { kind: 'package', name: pkg, version, fixedVersion: cell(row, 'FixedVersion'), path },
    cve: /^(CVE|GHSA)-/i.test(vuln) ? [vuln] : [],
    cvss: cvssOf(cell(row, 'CVSSVector') ?? cell(row, 'Vector'), cell(row, 'Score')),
    references: [cell(row, 'Link'), cell(row, 'WizURL')].filter((u): u is string => !!u),
    mitigation: remediation && path ? `${remediation} (${path})` : remediation,
    identifiedAt: wizTime(cell(row, 'FirstDetected')),
    stableId: id,
    attributes: {
      findingId: id,
      ...pick(row, VULNERABILITY_ATTRIBUTES),
      ...(resolvedAt ? { resolvedAt } : {}),
    },
  };
}
