import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nonBlankString, positiveInteger, putString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'terrascan';
const str = z.string().nullish();

/** One entry of `results.violations[]` (1.0 to 1.19: module_name, plan_root, source are optional). */
const violationSchema = z
  .object({
    rule_name: z.string().min(1),
    rule_id: z.string().min(1),
    description: str,
    severity: str,
    category: str,
    resource_name: str,
    resource_type: str,
    module_name: str,
    file: z.string().min(1),
    plan_root: str,
    line: z.number().int().nullish(),
  })
  .loose();
type Violation = z.infer<typeof violationSchema>;

function violationFinding(v: Violation, at: string, options: ParseOptions | undefined): Finding {
  const type = nonBlankString(v.resource_type);
  const name = nonBlankString(v.resource_name);
  const resource = type && name ? `${type}.${name}` : (name ?? type);
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'resourceType', type);
  putString(attributes, 'resourceName', name);
  putString(attributes, 'moduleName', v.module_name);
  putString(attributes, 'planRoot', v.plan_root);
  putString(attributes, 'ruleName', v.rule_name);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'Terrascan' },
      ruleId: v.rule_id,
      name: v.category ? `${v.category}: ${v.rule_name}` : v.rule_name,
      description: nonBlankString(v.description) ?? v.rule_name,
      severity: severityOf(v.severity, options, `${at}.severity`),
      category: 'IaC',
      location: { kind: 'source', file: v.file, startLine: positiveInteger(v.line) },
      // The resource (`google_container_cluster.k8s_cluster`) identifies the violation within its file.
      stableId: resource,
      attributes,
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.results.violations[*]'],
    skip: ['$.results.skipped_violations', '$.results.passed_rules'],
  });
  for await (const { at, value: v } of parsedMatches(
    SCANNER,
    stream.matches,
    violationSchema,
    'a terrascan violation {rule_name, rule_id, file}',
  )) {
    yield violationFinding(v, at, options);
  }
  const doc = stream.skeleton();
  const results = isRecord(doc) ? doc.results : undefined;
  // `violations: null` is what terrascan writes when nothing is violated.
  if (!isRecord(results) || !(Array.isArray(results.violations) || results.violations === null)) {
    throw new ParseError(SCANNER, { path: '$.results' }, 'terrascan -o json output {results{violations[]}}', {
      got: describeValue(results),
    });
  }
  if (Array.isArray(results.scan_errors) && results.scan_errors.length > 0)
    options?.onWarning?.(
      `terrascan: the report lists ${results.scan_errors.length} scan error(s); they are not findings`,
    );
  if (Array.isArray(results.vulnerabilities) && results.vulnerabilities.length > 0)
    options?.onWarning?.(
      `terrascan: ${results.vulnerabilities.length} image vulnerabilities (--find-vuln) are not imported; scan the images with trivy or grype`,
    );
}

export const terrascanParser = defineParser({
  id: SCANNER,
  name: 'Terrascan',
  formats:
    'terrascan scan -o json, 1.x: {results{violations[] or null, skipped_violations, scan_errors, scan_summary}}',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('results'), key('violations'), key('scan_summary')])) return 95;
    if (hasAll(head, [key('results'), key('scan_errors'), key('violations')])) return 95;
    if (hasAll(head, [key('rule_name'), key('rule_id'), key('resource_type'), key('plan_root')])) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
