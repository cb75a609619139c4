import type { Finding, FindingDraft, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { xrayComponent } from './jfrog-xray-component.js';
import { xrayV2IssueSchema, xrayV2Row } from './jfrog-xray-v2.js';
import { nextFixedVersion } from './support/compare-versions.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, putString } from './support/field-readers.js';
import { hasAll, headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'jfrog-xray';
const TOOL = { id: SCANNER, name: 'JFrog Xray' } as const;
/** Xray's severities; `Unknown` (no score yet) is informational, as in DefectDojo. */
const XRAY_SEVERITY: Readonly<Record<string, Severity>> = { UNKNOWN: 'info', INFORMATION: 'info' };

const text = z.string().nullish();
const score = z.union([z.number(), z.string()]).nullish();
const cveSchema = z
  .object({
    cve: text,
    cwe: z.array(z.unknown()).nullish(),
    cvss_v2_score: score,
    cvss_v2_vector: text,
    cvss_v3_score: score,
    cvss_v3_vector: text,
  })
  .loose();
/** One row of an Xray 3.x Reports export (vulnerabilities or security violations). */
const rowSchema = z
  .object({
    vulnerable_component: z.string().min(1),
    issue_id: text,
    summary: text,
    description: text,
    severity: text,
    cves: z.array(cveSchema).nullish(),
    fixed_versions: z.array(z.string()).nullish(),
    impacted_artifact: text,
    impact_path: z.array(z.string()).nullish(),
    path: text,
    package_type: text,
    provider: text,
    references: z.union([z.array(z.string()), z.string()]).nullish(),
    artifact_scan_time: text,
    published: text,
    external_advisory_source: text,
    external_advisory_severity: text,
    // Violations reports
    watch_name: text,
    policies: z.array(z.unknown()).nullish(),
    type: text,
    applicability_result: text,
  })
  .loose();
type XrayRow = z.infer<typeof rowSchema>;

const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN);

/** The row's CVE with the highest CVSS v3 score (the first when none has one). */
function worstCve(row: XrayRow) {
  let best = row.cves?.[0];
  for (const c of row.cves ?? [])
    if (
      num(c.cvss_v3_score) > num(best?.cvss_v3_score) ||
      (best?.cvss_v3_score == null && c.cvss_v3_score != null)
    )
      best = c;
  return best;
}

function rowDraft(row: XrayRow, at: string, options: ParseOptions | undefined): FindingDraft {
  const component = xrayComponent(row.vulnerable_component, row.package_type ?? undefined);
  const cves = [...new Set((row.cves ?? []).map((c) => c.cve?.trim()).filter((c): c is string => !!c))];
  const ruleId = row.issue_id?.trim() || cves[0] || row.vulnerable_component;
  const summary = row.summary?.trim() || row.description?.trim() || ruleId;
  const worst = worstCve(row);
  const cvss =
    cvssOf(worst?.cvss_v3_vector, worst?.cvss_v3_score) ??
    cvssOf(worst?.cvss_v2_vector, worst?.cvss_v2_score, '2.0');
  // Newer Xray writes fixed versions as ranges of one version: `[7.5.2]`.
  const fixed = (row.fixed_versions ?? [])
    .map((v) => v.trim().replace(/^\[([^\],]+)\]$/, '$1'))
    .filter((v) => v !== '');
  const fixedVersion = nextFixedVersion(component.version, fixed);
  const advisory =
    row.external_advisory_source && row.external_advisory_severity
      ? `${row.external_advisory_source}: ${row.external_advisory_severity}`
      : '';
  const references = Array.isArray(row.references) ? row.references : row.references ? [row.references] : [];
  const attributes: Record<string, unknown> = { ecosystem: component.ecosystem };
  putString(attributes, 'impactedArtifact', row.impacted_artifact);
  putString(attributes, 'distro', component.distro);
  putString(attributes, 'provider', row.provider);
  putString(attributes, 'watch', row.watch_name);
  putString(attributes, 'applicability', row.applicability_result);
  if (row.impact_path?.length) attributes.impactPath = row.impact_path.slice(0, 20);
  if (fixed.length > 1) attributes.fixedVersions = fixed;
  return {
    tool: TOOL,
    ruleId,
    name: `${ruleId} - ${summary.split('\n')[0]}`.slice(0, 500),
    description:
      [row.description?.trim() || row.summary?.trim(), advisory].filter(Boolean).join('\n\n') || undefined,
    severity: severityOf(row.severity ?? 'unknown', options, `${at}.severity`, XRAY_SEVERITY),
    category: 'Dependency',
    location: {
      kind: 'package',
      name: component.name,
      version: component.version,
      fixedVersion,
      purl: component.purl,
      ecosystem: component.ecosystem,
      path: row.path?.trim() || undefined,
    },
    cwe: cweIds((row.cves ?? []).flatMap((c) => c.cwe ?? [])),
    cve: cves,
    cvss,
    references: references.filter((r) => r.trim() !== '').slice(0, 25),
    mitigation: fixed.length > 0 ? `Upgrade ${component.name} to ${fixed.join(' or ')}.` : undefined,
    identifiedAt: isoDate(row.artifact_scan_time),
    attributes,
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.rows[*]', '$.data[*]'] });
  for await (const m of stream.matches) {
    const at = `$.${m.path[0] as string}[${m.path[1] as number}]`;
    const value =
      m.path[0] === 'data'
        ? xrayV2Row(
            parseWith(
              SCANNER,
              xrayV2IssueSchema,
              m.value,
              at,
              'an Xray 2.x issue {id, severity, source_comp_id}',
            ),
          )
        : m.value;
    const row = parseWith(
      SCANNER,
      rowSchema,
      value,
      at,
      'an Xray report row {vulnerable_component, issue_id, severity}',
    );
    yield toFinding(SCANNER, { path: at }, rowDraft(row, at, options));
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !(Array.isArray(doc.rows) || Array.isArray(doc.data)))
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'an Xray report export {total_rows, rows[]} or Xray 2.x {total_count, data[]}',
      {
        got: describeValue(doc),
      },
    );
}

export const jfrogXrayParser = defineParser({
  id: SCANNER,
  name: 'JFrog Xray',
  formats:
    'Xray 3.x+ "unified" Reports export JSON ({total_rows, rows[]}: vulnerabilities and security violations reports) and the Xray 2.x export ({total_count, data[]} with component_versions); one finding per issue and component and artifact path',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('total_count'), key('data'), key('source_comp_id'), key('component_versions')]))
      return 95;
    if (!key('rows').test(head)) return 0;
    if (
      key('total_rows').test(head) &&
      (key('vulnerable_component').test(head) || key('issue_id').test(head))
    )
      return 95;
    // An empty export: `{ "total_rows" : 0, "rows" : [] }`.
    const doc = headJson(head);
    if (isRecord(doc) && Object.keys(doc).length === 2 && doc.total_rows === 0 && Array.isArray(doc.rows))
      return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
