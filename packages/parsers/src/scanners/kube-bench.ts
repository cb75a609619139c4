import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nonBlankString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'kube-bench';
const TOOL = { id: SCANNER, name: 'kube-bench' } as const;
/** The reason kube-bench gives a WARN it did not run: a manual check, no finding (as DefectDojo). */
const MANUAL_REASON = 'Test marked as a manual test';

/** One check result (`results[]` of a test group). */
const resultSchema = z
  .object({
    test_number: z.string().min(1),
    test_desc: z.string().optional(),
    status: z.string(),
    audit: z.string().optional(),
    remediation: z.string().optional(),
    reason: z.string().optional(),
    expected_result: z.string().optional(),
    actual_value: z.string().optional(),
    scored: z.boolean().optional(),
  })
  .loose();
type KubeBenchResult = z.infer<typeof resultSchema>;

type Rec = Record<string, unknown>;
const str = (r: unknown, k: string): string | undefined => (isRecord(r) ? nonBlankString(r[k]) : undefined);

function describe(r: KubeBenchResult, control: unknown, group: unknown): string {
  const parts = [
    [str(control, 'id'), str(control, 'text')].filter(Boolean).join(' '),
    [str(group, 'section'), str(group, 'desc')].filter(Boolean).join(' '),
    [r.test_number, r.test_desc].filter(Boolean).join(' '),
  ].filter((p) => p !== '');
  if (nonBlankString(r.audit)) parts.push(`Audit: ${r.audit}`);
  if (nonBlankString(r.reason)) parts.push(`Reason: ${r.reason}`);
  if (nonBlankString(r.expected_result)) parts.push(`Expected result: ${r.expected_result}`);
  if (nonBlankString(r.actual_value)) parts.push(`Actual value: ${r.actual_value}`);
  return parts.join('\n');
}

function toKubeBenchFinding(r: KubeBenchResult, m: JsonMatch, at: string, status: 'FAIL' | 'WARN'): Finding {
  // The control (a benchmark file: master, node, etcd…) and the test group hold the members read
  // before their arrays: kube-bench writes id, version, text and node_type before `tests`.
  const depth = m.path.length;
  const group = m.ancestors[depth - 2];
  const control = m.ancestors[depth - 4];
  const nodeType = str(control, 'node_type') ?? str(control, 'type');
  const desc = r.test_desc?.trim() || r.test_number;
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: r.test_number,
      name: `${r.test_number} - ${desc}`,
      description: describe(r, control, group),
      severity: status === 'FAIL' ? 'medium' : 'info',
      category: 'Container',
      mitigation: nonBlankString(r.remediation)?.trim(),
      attributes: {
        status,
        ...(nodeType ? { nodeType } : {}),
        ...(str(control, 'version') ? { benchmark: str(control, 'version') } : {}),
        ...(str(group, 'section') ? { section: str(group, 'section') } : {}),
        ...(r.scored !== undefined ? { scored: r.scored } : {}),
      },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.Controls[*].tests[*].results[*]', '$[*].tests[*].results[*]', '$.tests[*].results[*]'],
  });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    const r = parseWith(
      SCANNER,
      resultSchema,
      m.value,
      at,
      'a kube-bench check result {test_number, status}',
    );
    const status = r.status.trim().toUpperCase();
    if (status === 'FAIL') yield toKubeBenchFinding(r, m, at, 'FAIL');
    else if (status === 'WARN' && r.reason !== MANUAL_REASON) yield toKubeBenchFinding(r, m, at, 'WARN');
    else if (status !== 'PASS' && status !== 'WARN' && status !== 'INFO')
      options?.onWarning?.(`${at}.status: unknown kube-bench status (${describeValue(r.status)}); skipped`);
  }
  const doc = stream.skeleton();
  const ok =
    Array.isArray(doc) ||
    (isRecord(doc) && (Array.isArray((doc as Rec).Controls) || Array.isArray((doc as Rec).tests)));
  if (!ok)
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'kube-bench --json output ({Controls[], Totals}, an array of controls, or one control {id, tests[]})',
      { got: describeValue(doc) },
    );
}

export const kubeBenchParser = defineParser({
  id: SCANNER,
  name: 'kube-bench',
  formats:
    'kube-bench --json: {Controls[], Totals} (0.4+), a top-level array of controls, or one control {id, text, tests[]} (older, per target); one finding per FAIL and per non-manual WARN',
  detect(head) {
    if (!/^\s*[[{]/.test(head)) return 0;
    const check = [key('test_number'), key('test_desc'), key('status')];
    if (hasAll(head, [key('tests'), key('results'), ...check])) return 95;
    return hasAll(head, [key('Controls'), key('node_type'), key('tests'), key('section')]) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
