import type { Finding, Severity } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  firstResource,
  type InspectorFinding,
  inspectorFindingSchema,
  type TypeDetails,
  typeDetails,
} from './aws-inspector2-details.js';
import { cvssOf } from './support/cvss.js';
import { isoDate, nonBlankString } from './support/field-readers.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'aws-inspector2';
const TOOL = { id: SCANNER, name: 'Amazon Inspector' } as const;
/** Inspector2 severities; UNTRIAGED (no vendor score yet) is informational, as DefectDojo has it. */
const INSPECTOR_SEVERITY: Readonly<Record<string, Severity>> = {
  INFORMATIONAL: 'info',
  UNTRIAGED: 'info',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
};
/** The recommendation text Inspector writes when it has none. */
const NO_RECOMMENDATION = 'None Provided';

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (isRecord(v) ? v : {});

/** The adjusted CVSS Inspector scored the finding with, else the first CVSS of the advisory. */
function cvssOfFinding(f: InspectorFinding) {
  const adjusted = rec(rec(f.inspectorScoreDetails).adjustedCvss);
  const fromAdjusted = cvssOf(adjusted.scoringVector, adjusted.score, nonBlankString(adjusted.version));
  if (fromAdjusted) return fromAdjusted;
  const list = rec(f.packageVulnerabilityDetails).cvss;
  const first = Array.isArray(list) ? rec(list.find((c) => isRecord(c) && c.scoringVector)) : {};
  return cvssOf(first.scoringVector, first.baseScore, nonBlankString(first.version));
}

/** A finding of a type we do not know: the resource is its location, the title its rule. */
function genericDetails(f: InspectorFinding): TypeDetails {
  return {
    ruleId: f.title?.trim() || f.type,
    category: 'Cloud',
    cve: [],
    cwe: [],
    references: [],
    attributes: {},
  };
}

function toInspectorFinding(f: InspectorFinding, at: string, options: ParseOptions | undefined): Finding {
  let details = typeDetails(f);
  if (!details) {
    options?.onWarning?.(
      `${at}.type: unknown Inspector2 finding type (${describeValue(f.type)}); read as a generic finding`,
    );
    details = genericDetails(f);
  }
  const resource = firstResource(f);
  const recommendation = nonBlankString(rec(rec(f.remediation).recommendation).text)?.trim();
  const mitigation = [recommendation !== NO_RECOMMENDATION ? recommendation : undefined, details.mitigation]
    .filter(Boolean)
    .join('\n');
  const recommendationUrl = nonBlankString(rec(rec(f.remediation).recommendation).Url);
  const epss = rec(f.epss).score;
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: details.ruleId,
      name: f.title?.trim() || details.ruleId,
      description: nonBlankString(f.description)?.trim(),
      severity: severityOf(f.severity, options, `${at}.severity`, INSPECTOR_SEVERITY),
      category: details.category,
      location: details.location ?? (resource.id ? { kind: 'source', file: resource.id } : undefined),
      cwe: details.cwe,
      cve: details.cve,
      cvss: cvssOfFinding(f),
      references: [...new Set([...details.references, ...(recommendationUrl ? [recommendationUrl] : [])])],
      mitigation: mitigation || undefined,
      identifiedAt: isoDate(f.firstObservedAt),
      // The finding ARN stays the same across scans for as long as the issue exists.
      stableId: f.findingArn,
      attributes: {
        findingType: f.type,
        ...(f.status ? { status: f.status } : {}),
        ...(f.awsAccountId ? { awsAccountId: f.awsAccountId } : {}),
        ...(resource.type ? { resourceType: resource.type } : {}),
        ...(resource.id ? { resourceId: resource.id } : {}),
        ...(resource.region ? { region: resource.region } : {}),
        ...(f.inspectorScore !== undefined ? { inspectorScore: f.inspectorScore } : {}),
        ...(typeof epss === 'number' ? { epss } : {}),
        ...(nonBlankString(f.fixAvailable) ? { fixAvailable: f.fixAvailable } : {}),
        ...(nonBlankString(f.exploitAvailable) ? { exploitAvailable: f.exploitAvailable } : {}),
        ...(isoDate(f.lastObservedAt) ? { lastObservedAt: isoDate(f.lastObservedAt) } : {}),
        ...details.attributes,
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.findings[*]'] });
  for await (const { at, value: f } of parsedMatches(
    SCANNER,
    stream.matches,
    inspectorFindingSchema,
    'an Inspector2 finding {findingArn, type, severity}',
  )) {
    yield toInspectorFinding(f, at, options);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.findings))
    throw new ParseError(SCANNER, { path: '$' }, 'aws inspector2 list-findings JSON {findings[]}', {
      got: describeValue(doc),
    });
}

export const awsInspector2Parser = defineParser({
  id: SCANNER,
  name: 'Amazon Inspector (v2)',
  formats:
    'aws inspector2 list-findings JSON ({findings[], nextToken?}: PACKAGE_VULNERABILITY, CODE_VULNERABILITY, NETWORK_REACHABILITY; any status)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (/"findingArn"\s*:\s*"arn:aws[\w-]*:inspector2:/.test(head) && key('findings').test(head)) return 95;
    // An empty page of list-findings: `{"findings": []}` (with or without nextToken) and nothing else.
    const doc = headJson(head);
    if (!isRecord(doc) || !Array.isArray(doc.findings) || doc.findings.length > 0) return 0;
    return Object.keys(doc).every((k) => k === 'findings' || k === 'nextToken') ? 60 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
