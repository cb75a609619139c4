import { type Finding, redactSecret, type SecretInfo, type Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'dockle';
const TOOL = { id: SCANNER, name: 'Dockle' } as const;
/** Dockle's levels, as DefectDojo maps them: FATAL high, WARN medium, INFO low. */
const DOCKLE_SEVERITY: Readonly<Record<string, Severity>> = { FATAL: 'high', WARN: 'medium', INFO: 'low' };
/** Levels that are no finding: a check the user ignored (--ignore), skipped, or passed. */
const NOT_FINDINGS = new Set(['IGNORE', 'SKIP', 'PASS']);
const ENV_ALERT = 'Suspicious ENV key found : ';

/** One entry of `details[]`: a checkpoint that did not pass, with its alerts. */
const detailSchema = z
  .object({
    code: z.string().min(1),
    title: z.string(),
    level: z.string(),
    alerts: z.array(z.string()).nullish(),
  })
  .loose();
type DockleDetail = z.infer<typeof detailSchema>;

/**
 * Dockle 0.4+ quotes the image history line of a suspicious ENV key (`… : DB_PASSWORD on /bin/sh -c
 * #(nop)  ENV DB_PASSWORD=s3cr3t (You can …)`): the value after `KEY=` is redacted.
 */
function redactEnvAlert(alert: string): { text: string; secret?: SecretInfo } {
  if (!alert.startsWith(ENV_ALERT)) return { text: alert };
  const rest = alert.slice(ENV_ALERT.length);
  const envKey = rest.split(' ')[0] ?? '';
  const at = envKey === '' ? -1 : rest.indexOf(`${envKey}=`, envKey.length);
  if (at < 0) return { text: alert };
  const start = at + envKey.length + 1;
  let end = start;
  while (end < rest.length && rest[end] !== ' ' && rest[end] !== '\t') end++;
  const value = rest.slice(start, end);
  if (value === '') return { text: alert };
  const secret = redactSecret(value);
  return { text: `${ENV_ALERT}${rest.slice(0, start)}${secret.redacted}${rest.slice(end)}`, secret };
}

function toDockleFinding(
  d: DockleDetail,
  image: string | undefined,
  at: string,
  options: ParseOptions | undefined,
): Finding {
  const alerts = (d.alerts ?? []).map(redactEnvAlert);
  const secret = alerts.find((a) => a.secret)?.secret;
  const texts = alerts.map((a) => a.text).sort();
  const title = d.title.trim() || d.code;
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: d.code,
      name: `${d.code}: ${title}`,
      description: texts.length > 0 ? texts.join('\n') : title,
      severity: severityOf(d.level, options, `${at}.level`, DOCKLE_SEVERITY),
      category: 'Container',
      location: image ? { kind: 'source', file: image } : undefined,
      references: [`https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#${d.code}`],
      secret,
      attributes: { level: d.level, ...(texts.length > 0 ? { alerts: texts.length } : {}) },
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$.details[*]'] });
  for await (const m of stream.matches) {
    const at = `$.details[${m.path[1] as number}]`;
    const d = parseWith(SCANNER, detailSchema, m.value, at, 'a dockle detail {code, title, level, alerts}');
    if (NOT_FINDINGS.has(d.level.trim().toUpperCase())) continue;
    // `image` (dockle 0.4+) is written before `details`, so the root read so far holds it.
    const root = m.ancestors[0];
    const image =
      isRecord(root) && typeof root.image === 'string' && root.image !== '' ? root.image : undefined;
    yield toDockleFinding(d, image, at, options);
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !Array.isArray(doc.details) || !isRecord(doc.summary))
    throw new ParseError(SCANNER, { path: '$' }, 'a dockle -f json object {summary, details[]}', {
      got: describeValue(doc),
    });
}

export const dockleParser = defineParser({
  id: SCANNER,
  name: 'Dockle',
  formats: 'dockle -f json (0.2+: {summary, details[{code, title, level, alerts}]}; 0.4+ with image)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    const summary = [key('summary'), key('fatal'), key('warn'), key('info'), key('skip'), key('pass')];
    return hasAll(head, [...summary, key('details')]) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
