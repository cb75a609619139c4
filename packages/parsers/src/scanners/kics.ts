import type { Finding, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { nonBlankString, positiveInteger, putString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { readSkeleton } from './support/read-skeleton.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'kics';
/** KICS's severity words; TRACE (1.5+) is below INFO. */
const KICS_SEVERITY: Readonly<Record<string, Severity>> = {
  CRITICAL: 'critical',
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFO: 'info',
  TRACE: 'info',
};

const str = z.string().nullish();
/** A query's own fields (its `files` are streamed one by one). */
const querySchema = z
  .object({
    query_name: str,
    query_id: str,
    query_url: str,
    severity: str,
    platform: str,
    cloud_provider: str,
    category: str,
    description: str,
    cwe: z.union([z.string(), z.number()]).nullish(),
  })
  .loose();
type KicsQuery = z.infer<typeof querySchema>;

/** One entry of `queries[].files[]`, from 1.1 (no similarity_id) to 2.x (resource_type, remediation). */
const fileSchema = z
  .object({
    file_name: z.string().min(1),
    similarity_id: str,
    line: z.number().int().nullish(),
    issue_type: str,
    search_key: str,
    expected_value: str,
    actual_value: str,
    resource_type: str,
    resource_name: str,
    remediation: str,
  })
  .loose();
type KicsFile = z.infer<typeof fileSchema>;

function description(q: KicsQuery, f: KicsFile): string {
  const lines = [nonBlankString(q.description) ?? nonBlankString(q.query_name) ?? 'KICS query'];
  if (q.platform) lines.push(`Platform: ${q.platform}`);
  if (q.category) lines.push(`Category: ${q.category}`);
  if (f.issue_type) lines.push(`Issue type: ${f.issue_type}`);
  if (f.search_key) lines.push(`Search key: ${f.search_key}`);
  if (f.actual_value) lines.push(`Actual value: ${f.actual_value}`);
  return lines.join('\n');
}

/**
 * KICS's own identity of a result (similarity_id: query, file, search key), which survives line
 * shifts. The sub-results of one search key (rules[0].verbs, rules[0].resources…) share it, so their
 * expected value is joined to it.
 */
function stableIdOf(f: KicsFile): string | undefined {
  const id = nonBlankString(f.similarity_id);
  const expected = nonBlankString(f.expected_value);
  return id && expected ? `${id}|${expected}` : id;
}

function fileFinding(q: KicsQuery, f: KicsFile, version: string | undefined, at: string, o?: ParseOptions) {
  const name = nonBlankString(q.query_name)?.trim() ?? nonBlankString(q.query_id) ?? 'KICS query';
  const attributes: Record<string, unknown> = {};
  putString(attributes, 'platform', q.platform);
  putString(attributes, 'cloudProvider', q.cloud_provider);
  putString(attributes, 'kicsCategory', q.category);
  putString(attributes, 'issueType', f.issue_type);
  putString(attributes, 'searchKey', f.search_key);
  putString(attributes, 'resourceType', f.resource_type);
  putString(attributes, 'resourceName', f.resource_name);
  putString(attributes, 'queryId', q.query_id);
  putString(attributes, 'remediation', f.remediation);
  const queryAt = at.replace(/\.files\[\d+\]$/, '');
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'KICS', version },
      ruleId: nonBlankString(q.query_id) ?? name,
      name: q.category ? `${q.category}: ${name}` : name,
      description: description(q, f),
      severity: severityOf(q.severity, o, `${queryAt}.severity`, KICS_SEVERITY),
      category: 'IaC',
      location: { kind: 'source', file: f.file_name, startLine: positiveInteger(f.line) },
      cwe: cweIds(q.cwe),
      references: nonBlankString(q.query_url) ? [q.query_url as string] : [],
      mitigation: nonBlankString(f.expected_value),
      stableId: stableIdOf(f),
      attributes,
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  // A query's category and description follow its files: read the queries without their files first.
  const first = await readSkeleton(input, SCANNER, ['$.queries[*].files', '$.bill_of_materials']);
  const known = isRecord(first) && Array.isArray(first.queries) ? first.queries : [];
  const version = isRecord(first) ? nonBlankString(first.kics_version) : undefined;
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.queries[*].files[*]'],
    skip: ['$.bill_of_materials'],
  });
  let lastIndex = -1;
  let query: KicsQuery | undefined;
  for await (const m of stream.matches) {
    const qi = m.path[1] as number;
    const at = `$.queries[${qi}].files[${m.path[3] as number}]`;
    if (qi !== lastIndex) {
      // A one-shot stream has only the members written before `files` (name, id, severity, platform).
      const raw = known[qi] ?? m.ancestors[2];
      query = parseWith(SCANNER, querySchema, raw, `$.queries[${qi}]`, 'a KICS query {query_name, severity}');
      lastIndex = qi;
    }
    const file = parseWith(SCANNER, fileSchema, m.value, at, 'a KICS query result {file_name, line}');
    yield fileFinding(query as KicsQuery, file, version, at, options);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !(Array.isArray(doc.queries) || doc.queries === null)) {
    throw new ParseError(SCANNER, { path: '$' }, 'a KICS JSON report {queries[], total_counter}', {
      got: describeValue(doc),
    });
  }
  doc.queries?.forEach((q: unknown, i: number) => {
    if (!isRecord(q) || !(Array.isArray(q.files) || q.files === null || q.files === undefined))
      throw new ParseError(SCANNER, { path: `$.queries[${i}]` }, 'a KICS query with a files list', {
        got: describeValue(q),
      });
  });
}

export const kicsParser = defineParser({
  id: SCANNER,
  name: 'KICS',
  formats:
    'kics --report-formats json (results.json), 1.x to 2.x: {queries[{query_name, severity, platform, category, files[]}], severity_counters, total_counter}; severities CRITICAL to TRACE',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('queries'), key('severity_counters')])) return 95;
    if (hasAll(head, [key('kics_version'), key('queries')])) return 95;
    if (hasAll(head, [key('queries_total'), key('files_scanned')])) return 95;
    if (hasAll(head, [key('query_name'), key('query_id'), key('similarity_id')])) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
