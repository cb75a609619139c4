import type { Finding, FindingDraft } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { semgrepPlatformDraft } from './semgrep-platform.js';
import { semgrepScaAttributes } from './semgrep-sca-info.js';
import { SEMGREP_SEVERITY } from './semgrep-severity.js';
import { semgrepSupplyChainDraft } from './semgrep-supply-chain.js';
import { cweIds } from './support/cwe-ids.js';
import { hasAll, headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'semgrep';

export { SEMGREP_SEVERITY } from './semgrep-severity.js';

/** The text semgrep ≥ 1.98 writes instead of fingerprints and source lines when not logged in. */
const REQUIRES_LOGIN = 'requires login';

const position = z.object({
  line: z.number().int().nonnegative(),
  col: z.number().int().nonnegative().optional(),
});
const resultSchema = z.object({
  check_id: z.string().min(1),
  path: z.string().min(1),
  start: position,
  end: position.optional(),
  extra: z.object({
    message: z.string().optional(),
    severity: z.string(),
    // A raw JSON value in semgrep's output schema: an object in every release, null accepted.
    metadata: z.record(z.string(), z.unknown()).nullish(),
    fingerprint: z.string().optional(),
    lines: z.string().optional(),
    fix: z.string().optional(),
    fix_regex: z.unknown().optional(),
    is_ignored: z.boolean().optional(),
    engine_kind: z.string().optional(),
    validation_state: z.string().optional(),
    // Semgrep Pro / Supply Chain (`semgrep ci`): the matched dependency of an SCA rule.
    sca_info: z.unknown().optional(),
    dataflow_trace: z.unknown().optional(),
  }),
});
type SemgrepResult = z.infer<typeof resultSchema>;

const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );

/** The rule metadata keys secureCodeBox's semgrep parser reads. */
const SCB_METADATA = ['category', 'cwe', 'owasp', 'references', 'source'] as const;

/**
 * The fields of the result that secureCodeBox's semgrep parser reads, as written (the message
 * untrimmed, the severity word, the raw metadata values), for the secureCodeBox-exact export.
 */
function recordOf(r: SemgrepResult, meta: Record<string, unknown>): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const k of SCB_METADATA) if (meta[k] !== undefined) metadata[k] = meta[k];
  return {
    path: r.path,
    start: r.start.line,
    ...(r.end ? { end: r.end.line } : {}),
    ...(r.extra.message !== undefined ? { message: r.extra.message } : {}),
    severity: r.extra.severity,
    metadata,
  };
}

function resultDraft(
  r: SemgrepResult,
  version: string | undefined,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const meta = r.extra.metadata ?? {};
  const fingerprint = r.extra.fingerprint;
  const lines = r.extra.lines;
  const raw = typeof meta.confidence === 'string' ? meta.confidence.toLowerCase() : undefined;
  const confidence = raw === 'high' || raw === 'medium' || raw === 'low' ? raw : undefined;
  const sca = semgrepScaAttributes(r.extra.sca_info, meta);
  const fixRegex =
    r.extra.fix_regex === undefined
      ? undefined
      : `Apply the regex replacement ${JSON.stringify(r.extra.fix_regex)}`;
  return {
    tool: { id: SCANNER, name: 'Semgrep', ...(version ? { version } : {}) },
    ruleId: r.check_id,
    name: r.check_id,
    description: r.extra.message?.trim() || undefined,
    severity: severityOf(r.extra.severity, options, at, SEMGREP_SEVERITY),
    category: sca ? 'SCA' : 'SAST',
    confidence,
    location: {
      kind: 'source',
      file: r.path,
      startLine: r.start.line,
      endLine: r.end?.line,
      column: r.start.col,
      endColumn: r.end?.col,
      snippet: lines && lines !== REQUIRES_LOGIN ? lines : undefined,
    },
    cwe: cweIds(meta.cwe),
    cve: sca?.cve ?? [],
    references: [
      ...new Set([...strings(meta.references), ...strings(meta.source), ...strings(meta.shortlink)]),
    ],
    mitigation: r.extra.fix ?? fixRegex,
    stableId: fingerprint && fingerprint !== REQUIRES_LOGIN ? fingerprint : undefined,
    attributes: {
      ...(meta.owasp !== undefined ? { owasp: meta.owasp } : {}),
      ...(meta.category !== undefined ? { ruleCategory: meta.category } : {}),
      ...(meta.subcategory !== undefined ? { subcategory: meta.subcategory } : {}),
      ...(meta.likelihood !== undefined ? { likelihood: meta.likelihood } : {}),
      ...(meta.impact !== undefined ? { impact: meta.impact } : {}),
      ...(meta.technology !== undefined ? { technology: meta.technology } : {}),
      ...(r.extra.engine_kind ? { engineKind: r.extra.engine_kind } : {}),
      ...(r.extra.validation_state ? { validationState: r.extra.validation_state } : {}),
      ...(r.extra.is_ignored === true ? { ignored: true } : {}),
      ...(r.extra.dataflow_trace !== undefined ? { dataflowTrace: true } : {}),
      ...(sca
        ? { package: sca.package, ...(sca.reachable !== undefined ? { reachable: sca.reachable } : {}) }
        : {}),
      record: recordOf(r, meta),
    },
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.results[*]', '$.vulns[*]', '$.findings[*]'],
  });
  let ignored = 0;
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    if (m.path[0] === 'findings') {
      yield toFinding(SCANNER, { path: at }, semgrepPlatformDraft(m.value, at, options));
      continue;
    }
    if (m.path[0] === 'vulns') {
      yield toFinding(SCANNER, { path: at }, semgrepSupplyChainDraft(m.value, at, options));
      continue;
    }
    const r = parseWith(
      SCANNER,
      resultSchema,
      m.value,
      at,
      'a semgrep result {check_id, path, start, extra}',
    );
    // secureCodeBox keeps nosemgrep-ignored results (written with --disable-nosem); so does its export.
    if (r.extra.is_ignored === true && options?.oneFindingPerRecord !== true) {
      ignored += 1;
      continue;
    }
    // Newer semgrep writes `version` first; older (sorted keys) after the results: then it is unknown.
    const version = (m.ancestors[0] as Record<string, unknown>).version;
    yield toFinding(
      SCANNER,
      { path: at },
      resultDraft(r, typeof version === 'string' ? version : undefined, options, at),
    );
  }
  if (ignored > 0)
    options?.onWarning?.(`semgrep: skipped ${ignored} result(s) marked is_ignored (nosemgrep)`);
  const doc = stream.skeleton();
  if (
    !isRecord(doc) ||
    (!Array.isArray(doc.results) && !Array.isArray(doc.vulns) && !Array.isArray(doc.findings))
  ) {
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'a semgrep --json object with a "results" array (or a platform export with "vulns" or "findings")',
      {
        got: isRecord(doc)
          ? `an object with keys ${Object.keys(doc).slice(0, 6).join(', ') || '(none)'}`
          : describeValue(doc),
      },
    );
  }
  if (Array.isArray(doc.errors) && doc.errors.length > 0) {
    options?.onWarning?.(
      `semgrep: the report lists ${doc.errors.length} scan error(s); they are not findings`,
    );
  }
}

export const semgrepParser = defineParser({
  id: SCANNER,
  name: 'Semgrep',
  formats:
    'semgrep --json (results[]; OSS and Pro/`semgrep ci`: dataflow_trace, sca_info, engine_kind, validation_state); Semgrep AppSec Platform exports: findings ({findings[]}, "Semgrep Pro JSON") and supply-chain ({vulns[]})',
  detect(head) {
    if (hasAll(head, [key('results'), key('check_id'), key('extra')])) return 95;
    if (hasAll(head, [key('vulns'), key('advisory'), key('dependencyFileLocation')])) return 90;
    if (hasAll(head, [key('findings'), key('rule_name'), key('match_based_id')])) return 90;
    if (hasAll(head, [key('findings'), key('rule_name'), key('rule_message'), key('file_path')])) return 90;
    const doc = headJson(head);
    if (
      isRecord(doc) &&
      Array.isArray(doc.results) &&
      doc.results.length === 0 &&
      Array.isArray(doc.errors)
    ) {
      const known = new Set([
        'version',
        'results',
        'errors',
        'paths',
        'time',
        'explanations',
        'skipped_rules',
        'interfile_languages_used',
        'engine_requested',
        'rules_by_engine',
      ]);
      if (Object.keys(doc).every((k) => known.has(k))) return 40;
    }
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
