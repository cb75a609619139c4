import type { Finding } from '@scanrelay/findings-schema';
import { HoldUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord } from './support/parse-with.js';
import {
  checkFinding,
  complianceFindings,
  controlFinding,
  type OperatorContext,
  operatorContext,
  secretFinding,
  vulnerabilityFinding,
} from './trivy-operator-findings.js';

const SCANNER = 'trivy-operator';
type Rec = Record<string, unknown>;

/**
 * Where custom resources are: one resource, a `kubectl get -o json` List, a JSON array of resources,
 * or an object keyed by CRD name (`vulnerabilityreports.aquasecurity.github.io: [...]`).
 */
const RESOURCES = ['$', '$.items[*]', '$[*]', '$.*[*]'];
/** The lists of findings in a resource, and how many path segments each adds after the resource. */
const LISTS: Readonly<Record<string, number>> = {
  'report.vulnerabilities[*]': 3,
  'report.checks[*]': 3,
  'report.secrets[*]': 3,
  'status.detailReport.results[*]': 4,
  'status.summaryReport.controlCheck[*]': 4,
};
const SELECT = RESOURCES.flatMap((r) => Object.keys(LISTS).map((l) => `${r}.${l}`));
/** SBOM reports' component inventories and the API server's field bookkeeping are never findings. */
const SKIP = RESOURCES.flatMap((r) => [`${r}.report.components`, `${r}.metadata.managedFields`]);
const API_GROUP = /"apiVersion"\s*:\s*"aquasecurity\.github\.io\/v1alpha1"/;
const CRD_KEY = /"[a-z]+reports\.aquasecurity\.github\.io"\s*:/;
const EXPECTED =
  'trivy-operator custom resources (a report, a List of reports, an array, or reports by CRD name)';

/** The list a match is in (`vulnerabilities`, `checks`, `secrets`, `results`, `controlCheck`). */
const listOf = (m: JsonMatch): string => m.path[m.path.length - 2] as string;
const depthOf = (m: JsonMatch): number => (listOf(m) === 'results' || listOf(m) === 'controlCheck' ? 4 : 3);
const resourceOf = (m: JsonMatch): Rec => m.ancestors[m.path.length - depthOf(m)] as Rec;
/** Metadata (and, for a summary compliance report, its spec) normally precede the lists. */
const isReady = (m: JsonMatch): boolean => {
  const r = resourceOf(m);
  return isRecord(r) && r.metadata !== undefined && (listOf(m) !== 'controlCheck' || r.spec !== undefined);
};

function findingsOf(m: JsonMatch, c: OperatorContext): Finding[] {
  const at = formatJsonPath(m.path);
  const list = listOf(m);
  if (!isRecord(m.value))
    throw new ParseError(SCANNER, { path: at }, `an object in ${list}`, { got: describeValue(m.value) });
  if (list === 'results') return complianceFindings(m.value, at, c);
  const one =
    list === 'vulnerabilities'
      ? vulnerabilityFinding(m.value, at, c)
      : list === 'checks'
        ? checkFinding(m.value, at, c)
        : list === 'secrets'
          ? secretFinding(m.value, at, c)
          : controlFinding(m.value, at, c);
  return one ? [one] : [];
}

function checkRoot(doc: unknown): void {
  if (Array.isArray(doc) || isRecord(doc)) return;
  throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: SELECT, skip: SKIP });
  const hold = new HoldUntilComplete(isReady, resourceOf);
  let context: OperatorContext | undefined;
  const toFindings = (m: JsonMatch): Finding[] => {
    const resource = resourceOf(m);
    if (!isRecord(resource))
      throw new ParseError(SCANNER, { path: formatJsonPath(m.path) }, EXPECTED, {
        got: 'a list outside a resource',
      });
    if (context?.resource !== resource) context = operatorContext(resource, options);
    return findingsOf(m, context);
  };
  for await (const m of stream.matches) {
    checkRoot(m.ancestors[0]);
    for (const ready of hold.push(m)) yield* toFindings(ready);
  }
  for (const ready of hold.flush()) yield* toFindings(ready);
  checkRoot(stream.skeleton());
}

const MAX_LISTED = 50;
/** A repeat of a finding (same image package, check or secret in another workload) adds its resource. */
function combine(kept: Finding, repeat: Finding): void {
  for (const name of ['resource', 'control'] as const) {
    const value = repeat.attributes[name];
    const listName = `${name}s`;
    if (typeof value !== 'string') continue;
    const list = (kept.attributes[listName] as string[] | undefined) ?? [kept.attributes[name] as string];
    if (!list.includes(value) && list.length < MAX_LISTED) list.push(value);
    kept.attributes[listName] = list;
  }
}

export const trivyOperatorParser = defineParser({
  id: SCANNER,
  name: 'Trivy Operator',
  formats:
    'trivy-operator custom resources as kubectl get -o json prints them (v1alpha1: VulnerabilityReport, ConfigAuditReport, ExposedSecretReport, RbacAssessmentReport, InfraAssessmentReport, their Cluster* kinds, ClusterComplianceReport detail and summary): one resource, a List, an array, or an object keyed by CRD name',
  detect(head) {
    if (!/^\s*[[{]/.test(head)) return 0;
    if (API_GROUP.test(head) || CRD_KEY.test(head)) return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord
      ? findings(input, options)
      : mergeRepeated(findings(input, options), { combine }),
});
