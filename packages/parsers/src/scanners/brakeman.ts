import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, nonBlankString, positiveInteger, putString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'brakeman';
/** Brakeman rates how sure it is (High/Medium/Weak), not how bad: severity stays medium, as DefectDojo does. */
const BRAKEMAN_CONFIDENCE = { HIGH: 'high', MEDIUM: 'medium', WEAK: 'low', LOW: 'low' } as const;

/**
 * One `warnings[]` entry of `brakeman -f json` (3.x–7.x): `cwe_id` since 5.1, `check_name` since 3.x;
 * `line`, `code`, `user_input`, `render_path` and `location` may be null.
 */
const warningSchema = z
  .object({
    warning_type: z.string().min(1),
    warning_code: z.number().nullish(),
    fingerprint: z.string().min(1),
    check_name: z.string().nullish(),
    message: z.string(),
    file: z.string().min(1),
    line: z.number().nullish(),
    link: z.string().nullish(),
    code: z.string().nullish(),
    render_path: z.array(z.unknown()).nullish(),
    location: z
      .object({
        type: z.string().nullish(),
        class: z.string().nullish(),
        method: z.string().nullish(),
        template: z.string().nullish(),
        model: z.string().nullish(),
      })
      .loose()
      .nullish(),
    user_input: z.string().nullish(),
    confidence: z.string(),
    cwe_id: z.array(z.number()).nullish(),
  })
  .loose();
type BrakemanWarning = z.infer<typeof warningSchema>;

function toBrakemanFinding(
  w: BrakemanWarning,
  at: string,
  version: string | undefined,
  scannedAt: string | undefined,
): Finding {
  const attributes: Record<string, unknown> = { warningType: w.warning_type };
  if (typeof w.warning_code === 'number') attributes.warningCode = w.warning_code;
  putString(attributes, 'userInput', w.user_input);
  putString(attributes, 'class', w.location?.class);
  putString(attributes, 'method', w.location?.method);
  putString(attributes, 'template', w.location?.template);
  putString(attributes, 'model', w.location?.model);
  if (w.render_path && w.render_path.length > 0) attributes.renderPathLength = w.render_path.length;
  const message = w.message.trim();
  const description = [
    message,
    w.user_input ? `User input: ${w.user_input}` : undefined,
    w.code ? `Code: ${w.code}` : undefined,
  ]
    .filter(Boolean)
    .join('\n');
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: { id: SCANNER, name: 'Brakeman', ...(version ? { version } : {}) },
      ruleId: nonBlankString(w.check_name) ?? w.warning_type,
      name: `${w.warning_type}: ${message.split('\n')[0]}`,
      description,
      severity: 'medium',
      confidence: BRAKEMAN_CONFIDENCE[w.confidence.trim().toUpperCase() as keyof typeof BRAKEMAN_CONFIDENCE],
      category: 'SAST',
      location: {
        kind: 'source',
        file: w.file,
        startLine: positiveInteger(w.line),
        snippet: nonBlankString(w.code),
      },
      cwe: cweIds(w.cwe_id ?? []),
      references: w.link ? [w.link] : [],
      stableId: w.fingerprint,
      identifiedAt: scannedAt,
      attributes,
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$.warnings[*]', '$.ignored_warnings[*]'],
  });
  let ignored = 0;
  for await (const m of stream.matches) {
    if (m.path[0] === 'ignored_warnings') {
      ignored++;
      continue;
    }
    const at = `$.warnings[${m.path[1] as number}]`;
    const w = parseWith(
      SCANNER,
      warningSchema,
      m.value,
      at,
      'a brakeman warning {warning_type, fingerprint, message, file, confidence}',
    );
    const info = (m.ancestors[0] as Record<string, unknown> | undefined)?.scan_info;
    const version = isRecord(info) ? nonBlankString(info.brakeman_version) : undefined;
    const scannedAt = isRecord(info) ? isoDate(info.end_time ?? info.start_time) : undefined;
    yield toBrakemanFinding(w, at, version, scannedAt);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.warnings) || !isRecord(doc.scan_info))
    throw new ParseError(SCANNER, { path: '$' }, 'a brakeman -f json object {scan_info, warnings[]}', {
      got: describeValue(doc),
    });
  if (ignored > 0)
    options?.onWarning?.(`brakeman: ${ignored} warning(s) ignored in brakeman.ignore are not imported`);
  if (Array.isArray(doc.errors) && doc.errors.length > 0)
    options?.onWarning?.(
      `brakeman: the report lists ${doc.errors.length} error(s) (files brakeman could not parse)`,
    );
}

export const brakemanParser = defineParser({
  id: SCANNER,
  name: 'Brakeman',
  formats: 'brakeman -f json 3.x–7.x ({scan_info, warnings[], ignored_warnings[], errors[], obsolete[]})',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('scan_info'), key('brakeman_version')])) return 95;
    if (hasAll(head, [key('warning_type'), key('fingerprint'), key('check_name')])) return 90;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
