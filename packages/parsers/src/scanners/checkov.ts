import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { CHECKOV, type CheckovContext, checkDraft, failedCheckSchema } from './checkov-check.js';
import { nonBlankString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { readSkeleton } from './support/read-skeleton.js';
import { toFinding } from './support/to-finding.js';

const EXPECTED =
  'checkov -o json output: a check-type object {check_type, results, summary} or a list of them';
/** Lists whose entries are not findings: scanned, neither parsed nor held. */
const NOT_FINDINGS = ['passed_checks', 'skipped_checks', 'parsing_errors'].flatMap((k) => [
  `$.results.${k}`,
  `$[*].results.${k}`,
]);

/** The checkov version of each check-type object (in `summary`, written after the results). */
function versionsOf(skeleton: unknown): (string | undefined)[] {
  const trees = Array.isArray(skeleton) ? skeleton : [skeleton];
  return trees.map((t) =>
    isRecord(t) && isRecord(t.summary) ? nonBlankString(t.summary.checkov_version) : undefined,
  );
}

/** A check-type object, or the summary-only object checkov 2 writes when nothing was scanned. */
function isCheckTypeObject(t: unknown): boolean {
  if (!isRecord(t)) return false;
  if (isRecord(t.results)) return true;
  return t.results === undefined && ('checkov_version' in t || typeof t.passed === 'number');
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const versions = versionsOf(await readSkeleton(input, CHECKOV, ['$.results', '$[*].results']));
  const stream = streamJsonWithSkeleton(input, {
    scanner: CHECKOV,
    select: ['$.results.failed_checks[*]', '$[*].results.failed_checks[*]'],
    skip: NOT_FINDINGS,
  });
  for await (const m of stream.matches) {
    const inList = typeof m.path[0] === 'number';
    const tree = m.ancestors[inList ? 1 : 0] as Record<string, unknown>;
    const ctx: CheckovContext = {
      // checkov writes check_type before results; a hand-reordered report falls back to no type.
      checkType: nonBlankString(tree.check_type),
      version: versions[inList ? (m.path[0] as number) : 0],
    };
    const at = formatJsonPath(m.path);
    const check = parseWith(
      CHECKOV,
      failedCheckSchema,
      m.value,
      at,
      'a checkov failed check {check_id, file_path}',
    );
    yield toFinding(CHECKOV, { path: at }, checkDraft(check, ctx, at, options));
  }
  const doc = stream.skeleton();
  const trees = Array.isArray(doc) ? doc : [doc];
  trees.forEach((t, i) => {
    const at = Array.isArray(doc) ? `$[${i}]` : '$';
    if (!isCheckTypeObject(t))
      throw new ParseError(CHECKOV, { path: at }, EXPECTED, { got: describeValue(t) });
    const results = isRecord(t) ? t.results : undefined;
    if (isRecord(results) && !Array.isArray(results.failed_checks) && results.failed_checks !== undefined)
      throw new ParseError(CHECKOV, { path: `${at}.results.failed_checks` }, 'a list of failed checks', {
        got: describeValue(results.failed_checks),
      });
  });
}

export const checkovParser = defineParser({
  id: CHECKOV,
  name: 'Checkov',
  formats:
    'checkov -o json, 1.x to 3.x: one check-type object {check_type, results{failed_checks[]}, summary} or a list of them (several frameworks), and the summary-only object of an empty run; severity null or a word; SCA vulnerability_details',
  detect(head) {
    if (!/^\s*[[{]/.test(head)) return 0;
    if (key('checkov_version').test(head)) return 95;
    if (key('check_type').test(head) && /"(failed|passed|skipped)_checks"\s*:/.test(head)) return 95;
    if (hasAll(head, [/"check_id"\s*:\s*"CKV2?_/, key('check_class'), key('file_line_range')])) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
