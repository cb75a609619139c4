import type { Finding } from '@scanrelay/findings-schema';
import { HoldUntilComplete } from '../io/hold-until-complete.js';
import { formatJsonPath, LazyJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonBatches } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import {
  licenseFinding,
  misconfigurationFinding,
  secretFinding,
  type TrivyContext,
  trivyContext,
  trivyReportShape,
  vulnerabilityFinding,
} from './trivy-findings.js';

const SCANNER = 'trivy';
const LISTS = ['Vulnerabilities', 'Misconfigurations', 'Secrets', 'Licenses'] as const;
/** Where results live: SchemaVersion 2, legacy top-level array, Kubernetes (current and pre-0.40). */
const RESULT_PATHS = [
  '$.Results[*]',
  '$[*]',
  '$.Resources[*].Results[*]',
  '$.Vulnerabilities[*].Results[*]',
  '$.Misconfigurations[*].Results[*]',
];
const SELECT = RESULT_PATHS.flatMap((r) => LISTS.map((l) => `${r}.${l}[*]`));
/** `--list-all-pkgs` inventories can be large and are not findings: never parsed nor kept. */
const SKIP = RESULT_PATHS.map((r) => `${r}.Packages`);

type Rec = Record<string, unknown>;
const MAPPERS: Record<string, (item: Rec, c: TrivyContext) => Finding | undefined> = {
  Vulnerabilities: vulnerabilityFinding,
  Misconfigurations: misconfigurationFinding,
  Secrets: secretFinding,
  Licenses: licenseFinding,
};

/** A report must be null (no findings), a legacy array, or an object with one of these members. */
function checkRoot(root: unknown): void {
  if (root === null || Array.isArray(root)) return;
  if (
    isRecord(root) &&
    ['SchemaVersion', 'Results', 'ClusterName', 'Resources', 'ArtifactName'].some((k) => k in root)
  )
    return;
  throw new ParseError(
    SCANNER,
    { path: '$' },
    'a Trivy JSON report (SchemaVersion 2, a legacy array, or a Kubernetes report)',
    {
      got: isRecord(root)
        ? `an object with members ${Object.keys(root).slice(0, 5).join(', ') || 'none'}`
        : describeValue(root),
    },
  );
}

// The item's result is two levels up; Trivy writes Target before the lists, but JSON does not promise it.
const resultOf = (m: JsonMatch): Rec => m.ancestors[m.ancestors.length - 2] as Rec;
const hasTarget = (m: JsonMatch): boolean => isRecord(resultOf(m)) && resultOf(m).Target !== undefined;

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonBatches(input, { scanner: SCANNER, select: SELECT, skip: SKIP });
  const hold = new HoldUntilComplete(hasTarget, resultOf);
  let context: TrivyContext | undefined;
  let checked = false;
  /** The finding of one match whose result is complete (a plain function: no generator per match). */
  const toFinding = (m: JsonMatch): Finding | undefined => {
    const root = m.ancestors[0];
    if (!checked) {
      checkRoot(root);
      checked = true;
    }
    const list = m.path[m.path.length - 2] as string;
    if (!isRecord(m.value)) {
      throw new ParseError(SCANNER, { path: formatJsonPath(m.path) }, `an object in ${list}`, {
        got: describeValue(m.value),
      });
    }
    const result = resultOf(m);
    if (context?.result !== result) {
      const resource = m.path.length === 6 ? (m.ancestors[2] as Rec) : undefined;
      const shape = trivyReportShape(m.path);
      context = trivyContext(result, resource, isRecord(root) ? root : undefined, shape, options);
    }
    context.where = new LazyJsonPath(m.path);
    return MAPPERS[list]!(m.value, context);
  };
  for await (const batch of stream.batches) {
    for (const m of batch) {
      for (const ready of hold.push(m)) {
        const finding = toFinding(ready);
        if (finding) yield finding;
      }
    }
  }
  for (const ready of hold.flush()) {
    const finding = toFinding(ready);
    if (finding) yield finding;
  }
  checkRoot(stream.skeleton());
}

export const trivyParser = defineParser({
  id: SCANNER,
  name: 'Trivy',
  formats:
    'trivy --format json: SchemaVersion 2 (Vulnerabilities, Misconfigurations, Secrets, Licenses), the legacy top-level array, and trivy k8s reports',
  detect(head) {
    if (key('SchemaVersion').test(head) && (key('Results').test(head) || key('ArtifactName').test(head)))
      return 95;
    if (
      key('ClusterName').test(head) &&
      (key('Resources').test(head) ||
        key('Vulnerabilities').test(head) ||
        key('Misconfigurations').test(head))
    ) {
      return 90;
    }
    if (
      /^\s*\[/.test(head) &&
      key('Target').test(head) &&
      (key('VulnerabilityID').test(head) || key('Vulnerabilities').test(head))
    )
      return 75;
    return 0;
  },
  parse(input, options) {
    return findings(input, options);
  },
});
