import type { Finding, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'njsscan';
/** njsscan's three levels, as its docs and DefectDojo read them. */
const NJSSCAN_SEVERITY: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  INFO: 'low',
};
const SECTIONS = ['nodejs', 'templates'] as const;

const ruleSchema = z.object({
  files: z.array(
    z.object({
      file_path: z.string().min(1),
      match_lines: z.array(z.number().int().nonnegative()).optional(),
      match_position: z.array(z.number().int().nonnegative()).optional(),
      // The template (pattern matcher) rules of njsscan 0.1–0.3 give a multi-line match as a list of lines.
      match_string: z.union([z.string(), z.array(z.string())]).optional(),
    }),
  ),
  metadata: z
    .object({
      cwe: z.unknown().optional(),
      'owasp-web': z.string().optional(),
      'owasp-mobile': z.string().optional(),
      description: z.string().optional(),
      severity: z.string(),
    })
    .loose(),
});

/** A match string, or its lines joined as njsscan prints them (each line trimmed). */
function snippetOf(match: string | string[] | undefined): string | undefined {
  return Array.isArray(match) ? match.map((line) => line.trim()).join('\n') : match;
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: SECTIONS.map((s) => `$.${s}.*`) });
  for await (const m of stream.matches) {
    const [section, ruleId] = m.path as [string, string];
    const at = formatJsonPath(m.path);
    const rule = parseWith(SCANNER, ruleSchema, m.value, at, 'an njsscan rule {files[], metadata{severity}}');
    const version = (m.ancestors[0] as Record<string, unknown>).njsscan_version;
    const tool = { id: SCANNER, name: 'njsscan', ...(typeof version === 'string' ? { version } : {}) };
    const meta = rule.metadata;
    const severity = severityOf(meta.severity, options, `${at}.metadata.severity`, NJSSCAN_SEVERITY);
    for (const [i, file] of rule.files.entries()) {
      const [startLine, endLine] = file.match_lines ?? [];
      const [column, endColumn] = file.match_position ?? [];
      yield toFinding(
        SCANNER,
        { path: `${at}.files[${i}]` },
        {
          tool,
          ruleId,
          name: ruleId,
          description: meta.description,
          severity,
          category: 'SAST',
          location: {
            kind: 'source',
            file: file.file_path,
            startLine,
            endLine,
            column,
            endColumn,
            snippet: snippetOf(file.match_string),
          },
          cwe: cweIds(meta.cwe),
          attributes: {
            section,
            ...(meta['owasp-web'] ? { owasp: meta['owasp-web'] } : {}),
            ...(meta['owasp-mobile'] ? { owaspMobile: meta['owasp-mobile'] } : {}),
          },
        },
      );
    }
  }
  const doc = stream.skeleton();
  if (
    !isRecord(doc) ||
    !SECTIONS.some((s) => isRecord(doc[s])) ||
    SECTIONS.some((s) => doc[s] !== undefined && !isRecord(doc[s]))
  ) {
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'an njsscan --json object with "nodejs" and/or "templates" maps',
      {
        got: describeValue(doc),
      },
    );
  }
  if (Array.isArray(doc.errors) && doc.errors.length > 0) {
    options?.onWarning?.(
      `njsscan: the report lists ${doc.errors.length} scan error(s); they are not findings`,
    );
  }
}

export const njsscanParser = defineParser({
  id: SCANNER,
  name: 'njsscan',
  formats: 'njsscan --json ({nodejs, templates} keyed by rule, one finding per file match)',
  detect(head) {
    if (hasAll(head, [key('njsscan_version')])) return 100;
    if (hasAll(head, [key('nodejs'), key('templates')]) && /"(files|errors)"\s*:/.test(head)) return 85;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
