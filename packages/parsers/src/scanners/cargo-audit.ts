import type { Finding } from '@scanrelay/findings-schema';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import {
  cargoVulnerabilityDraft,
  cargoVulnerabilitySchema,
  cargoWarningDraft,
  cargoWarningSchema,
} from './cargo-audit-record.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'cargo-audit';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.vulnerabilities.list[*]', '$.warnings[*]', '$.warnings.*[*]'],
  });
  let warnings = 0;
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    if (m.path[0] === 'vulnerabilities') {
      const v = parseWith(
        SCANNER,
        cargoVulnerabilitySchema,
        m.value,
        at,
        'a cargo-audit vulnerability {advisory: {id, title}, package: {name, version}}',
      );
      yield toFinding(SCANNER, { path: at }, cargoVulnerabilityDraft(v));
      continue;
    }
    const w = parseWith(
      SCANNER,
      cargoWarningSchema,
      m.value,
      at,
      'a cargo-audit warning {kind, package: {name, version}, advisory?}',
    );
    warnings++;
    yield toFinding(SCANNER, { path: at }, cargoWarningDraft(w));
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !isRecord(doc.vulnerabilities) || !Array.isArray(doc.vulnerabilities.list))
    throw new ParseError(
      SCANNER,
      { path: isRecord(doc) ? '$.vulnerabilities' : '$' },
      'cargo audit --json output {vulnerabilities: {list: []}, warnings}',
      { got: describeValue(isRecord(doc) ? doc.vulnerabilities : doc) },
    );
  if (warnings > 0)
    options?.onWarning?.(
      `cargo-audit: ${warnings} informational warning(s) (unmaintained, unsound, yanked) are findings of severity info/low`,
    );
}

export const cargoAuditParser = defineParser({
  id: SCANNER,
  name: 'cargo-audit',
  formats:
    'cargo audit --json (0.11+: vulnerabilities.list[] and warnings as an object of kinds or a flat array; CVSS 3.x/4.0 vectors)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('advisory-count'), key('lockfile'), key('dependency-count')])) return 95;
    if (
      hasAll(head, [key('vulnerabilities'), key('found'), key('list')]) &&
      /"RUSTSEC-\d{4}-\d{4}"/.test(head)
    )
      return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
