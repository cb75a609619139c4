import type { FindingDraft, Location } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';

const text = z.string().nullish();
const stringOrList = z.union([z.string(), z.array(z.string())]).nullish();
/** A nuclei result event: `-jsonl` lines (v3 and v2 spellings) and `-je` array entries. */
export const nucleiEventSchema = z
  .object({
    'template-id': text,
    templateID: text,
    'template-url': text,
    info: z
      .object({
        name: z.string().nullish(),
        severity: z.string().nullish(),
        description: text,
        remediation: text,
        reference: stringOrList,
        tags: stringOrList,
        classification: z
          .object({
            'cve-id': stringOrList,
            'cwe-id': stringOrList,
            'cvss-metrics': text,
            'cvss-score': z.union([z.number(), z.string()]).nullish(),
            'epss-score': z.union([z.number(), z.string()]).nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose(),
    type: text,
    host: text,
    port: z.union([z.string(), z.number()]).nullish(),
    ip: text,
    'matched-at': text,
    matched: text,
    'matcher-name': text,
    matcher_name: text,
    'extractor-name': text,
    'extracted-results': z.array(z.string()).nullish(),
    extracted_results: z.array(z.string()).nullish(),
    request: text,
    fuzzing_parameter: text,
    fuzzing_method: text,
    timestamp: text,
    'matcher-status': z.boolean().nullish(),
  })
  .loose();
export type NucleiEvent = z.infer<typeof nucleiEventSchema>;

const list = (v: string | string[] | null | undefined): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [])
    .map((s) => s.trim())
    .filter((s) => s !== '');

const LINE_END = /[\n\r\u2028\u2029]/g;

/**
 * Cuts `host:port/path` at the path, as `.replace(/\/.*$/, '')` did (from the first `/` on the last
 * line), without that pattern's rescan to the line end from every `/` (quadratic on a run of `/`).
 */
function withoutPath(s: string): string {
  let lastLine = 0;
  for (const m of s.matchAll(LINE_END)) lastLine = m.index + 1;
  const slash = s.indexOf('/', lastLine);
  return slash < 0 ? s : s.slice(0, slash);
}

/** Where the event matched: a URL for web templates, a host (and port) for DNS, TCP, SSL and others. */
function locationOf(e: NucleiEvent): Location | undefined {
  const matched = e['matched-at'] || e.matched || e.host;
  if (!matched) return undefined;
  if (/^https?:\/\//i.test(matched)) {
    const method = e.fuzzing_method || /^([A-Z]+) \S+ HTTP\//.exec(e.request ?? '')?.[1];
    return {
      kind: 'url',
      url: matched,
      method: method || undefined,
      parameter: e.fuzzing_parameter || undefined,
    };
  }
  const bare = withoutPath(matched.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''));
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(bare);
  const port = Number(m?.[2] ?? e.port);
  return {
    kind: 'host',
    host: m?.[1] ?? bare,
    port: Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined,
    protocol: e.type || undefined,
  };
}

const pick = (from: Record<string, unknown>, keys: readonly string[]) => {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (from[k] !== undefined) out[k] = from[k];
  return out;
};
/** The event keys secureCodeBox's nuclei parsers read (current: `template-id`…; for v2: `templateID`…). */
const SCB_KEYS = [
  ...['template-id', 'templateID', 'template', 'template-url', 'host', 'ip', 'type', 'path'],
  ...['timestamp', 'matcher-status', 'matcher-name', 'matcher_name', 'matched-at', 'matched'],
  ...['matched-line', 'meta', 'tags', 'reference', 'author'],
] as const;
/** Copied by secureCodeBox as well, and kept only for its export: they can carry credentials. */
const SCB_ONLY_KEYS = [
  'extracted-results',
  'extracted_results',
  'request',
  'response',
  'curl-command',
] as const;
const SCB_INFO_KEYS = ['name', 'description', 'severity', 'reference', 'tags', 'author', 'metadata'] as const;

/**
 * The event's fields secureCodeBox's nuclei parser reads, as written, for the secureCodeBox-exact
 * export; request, response, curl command and extracted values only with `oneFindingPerRecord`.
 */
function recordOf(e: NucleiEvent, scb: boolean): Record<string, unknown> {
  const raw = e as Record<string, unknown>;
  const info = pick(e.info as Record<string, unknown>, SCB_INFO_KEYS);
  const c = e.info.classification;
  if (c) info.classification = pick(c as Record<string, unknown>, ['cve-id', 'cwe-id']);
  return { ...pick(raw, SCB_KEYS), ...(scb ? pick(raw, SCB_ONLY_KEYS) : {}), info };
}

/**
 * One nuclei result as a draft. The rule is the template id, with the matcher (or extractor) name
 * after a colon as nuclei prints it (`tech-detect:nginx`): one template can report several distinct
 * things at one URL. Request, response and curl command are not kept (they can carry credentials);
 * extracted values are kept with long tokens masked.
 */
export function nucleiEventToDraft(
  e: NucleiEvent,
  templateId: string,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const matcher = e['matcher-name'] || e.matcher_name || e['extractor-name'] || '';
  const c = e.info.classification;
  const extracted = (e['extracted-results'] ?? e.extracted_results ?? [])
    .slice(0, 10)
    .map((x) => redactLine(x, undefined, ''));
  const timestamp =
    e.timestamp && !Number.isNaN(Date.parse(e.timestamp)) ? new Date(e.timestamp).toISOString() : undefined;
  return {
    tool: { id: 'nuclei', name: 'Nuclei' },
    ruleId: matcher ? `${templateId}:${matcher}` : templateId,
    name: e.info.name || templateId,
    description: e.info.description?.trim() || undefined,
    severity: severityOf(e.info.severity || 'unknown', options, `${at}.info.severity`),
    category: 'DAST',
    location: locationOf(e),
    cwe: cweIds(list(c?.['cwe-id'])),
    cve: list(c?.['cve-id']).map((id) => id.toUpperCase()),
    cvss: cvssOf(c?.['cvss-metrics'], c?.['cvss-score'] ?? undefined),
    references: [
      ...new Set([
        ...list(e.info.reference).filter((r) => /^https?:\/\//i.test(r)),
        ...(e['template-url'] ? [e['template-url']] : []),
      ]),
    ],
    mitigation: e.info.remediation?.trim() || undefined,
    identifiedAt: timestamp,
    attributes: {
      templateId,
      ...(matcher ? { matcher } : {}),
      ...(e.type ? { type: e.type } : {}),
      ...(e.ip ? { ip: e.ip } : {}),
      ...(extracted.length ? { extracted } : {}),
      ...(list(e.info.tags).length ? { tags: list(e.info.tags) } : {}),
      ...(c?.['epss-score'] != null ? { epss: c['epss-score'] } : {}),
      ...(e['matcher-status'] === false ? { matcherStatus: false } : {}),
      record: recordOf(e, options?.oneFindingPerRecord === true),
    },
  };
}
