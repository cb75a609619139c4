import type { Finding, FindingDraft, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nonBlankString } from './support/field-readers.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'ssh-audit';
const TOOL = { id: SCANNER, name: 'ssh-audit' } as const;
const SECTIONS = { kex: 'key exchange', key: 'host key', enc: 'encryption', mac: 'MAC' } as const;
type Section = keyof typeof SECTIONS;

const notesSchema = z
  .object({
    fail: z.array(z.string()).optional(),
    warn: z.array(z.string()).optional(),
    info: z.array(z.string()).optional(),
  })
  .loose();
/** One algorithm: `{algorithm, notes, keysize?}` (notes since ssh-audit 3.0) or a bare name (2.x, SSH1). */
const algorithmSchema = z.union([
  z.string(),
  z
    .object({ algorithm: z.string().min(1), notes: notesSchema.optional(), keysize: z.number().optional() })
    .loose(),
]);
const cveSchema = z
  .object({
    name: z.string().min(1),
    cvssv2: z.number().min(0).max(10).optional(),
    description: z.string().optional(),
  })
  .loose();
/** One host's `-j` report. Client audits have `client_ip` instead of `target`. */
const reportSchema = z
  .object({
    target: z.string().optional(),
    client_ip: z.string().optional(),
    banner: z.object({ raw: z.string().optional(), software: z.string().nullish() }).loose().nullish(),
    cves: z.array(cveSchema).optional(),
    kex: z.array(algorithmSchema).nullish(),
    key: z.array(algorithmSchema).nullish(),
    enc: z.array(algorithmSchema).nullish(),
    mac: z.array(algorithmSchema).nullish(),
    recommendations: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();
type Report = z.infer<typeof reportSchema>;

/** `host:port`, `[v6]:port` or a bare host (port 22). */
function hostPort(target: string): { host: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(target);
  if (v6) return { host: v6[1]!, port: v6[2] ? Number(v6[2]) : 22 };
  const colon = target.lastIndexOf(':');
  if (colon > 0 && target.indexOf(':') === colon && /^\d+$/.test(target.slice(colon + 1)))
    return { host: target.slice(0, colon), port: Number(target.slice(colon + 1)) };
  return { host: target, port: 22 };
}

/** DefectDojo's CVSS v2 bands: 0 info, < 4 low, < 7 medium, < 9 high, else critical. */
function cvssSeverity(score: number | undefined): Severity {
  if (score === undefined) return 'medium';
  if (score === 0) return 'info';
  return score < 4 ? 'low' : score < 7 ? 'medium' : score < 9 ? 'high' : 'critical';
}

interface Flagged {
  section: Section;
  algorithm: string;
  level: 'fail' | 'warn';
  fail: string[];
  warn: string[];
  info: string[];
  keysize?: number;
}

/** Algorithms with fail/warn notes; for reports without notes (2.x), the critical/warning `del`/`chg` recommendations. */
function flagged(r: Report): Flagged[] {
  const out: Flagged[] = [];
  let hasNotes = false;
  for (const section of Object.keys(SECTIONS) as Section[]) {
    for (const a of r[section] ?? []) {
      if (typeof a === 'string' || !a.notes) continue;
      hasNotes = true;
      const fail = a.notes.fail ?? [];
      const warn = a.notes.warn ?? [];
      if (fail.length === 0 && warn.length === 0) continue;
      const level = fail.length > 0 ? 'fail' : 'warn';
      out.push({
        section,
        algorithm: a.algorithm,
        level,
        fail,
        warn,
        info: a.notes.info ?? [],
        keysize: a.keysize,
      });
    }
  }
  if (hasNotes || !r.recommendations) return out;
  for (const [level, word] of [
    ['fail', 'critical'],
    ['warn', 'warning'],
  ] as const) {
    const byAction = r.recommendations[word];
    if (!isRecord(byAction)) continue;
    for (const action of ['del', 'chg'] as const) {
      const bySection = byAction[action];
      if (!isRecord(bySection)) continue;
      for (const section of Object.keys(SECTIONS) as Section[]) {
        const list = bySection[section];
        if (!Array.isArray(list)) continue;
        for (const e of list as { name?: unknown; notes?: unknown }[]) {
          if (typeof e?.name !== 'string' || e.name === '') continue;
          const note = `${action === 'del' ? 'remove this algorithm' : 'change it'}${typeof e.notes === 'string' && e.notes ? `: ${e.notes}` : ''}`;
          out.push({
            section,
            algorithm: e.name,
            level,
            fail: level === 'fail' ? [note] : [],
            warn: level === 'warn' ? [note] : [],
            info: [],
          });
        }
      }
    }
  }
  return out;
}

function* hostFindings(r: Report, at: string): Generator<Finding> {
  const target = nonBlankString(r.target) ?? nonBlankString(r.client_ip);
  const banner = nonBlankString(r.banner?.raw);
  const location = target ? ({ kind: 'host', protocol: 'ssh', ...hostPort(target) } as const) : undefined;
  const base = (): Pick<FindingDraft, 'tool' | 'category' | 'location' | 'attributes'> => ({
    tool: TOOL,
    category: 'Network',
    location,
    attributes: { ...(banner ? { banner } : {}), ...(r.client_ip ? { clientAudit: true } : {}) },
  });
  for (const [i, c] of (r.cves ?? []).entries()) {
    yield toFinding(
      SCANNER,
      { path: `${at}.cves[${i}]` },
      {
        ...base(),
        ruleId: c.name,
        name: `${c.name}: ${c.description || 'vulnerable SSH software'}`,
        description: [c.description, banner ? `Banner: ${banner}` : undefined].filter(Boolean).join('\n'),
        severity: cvssSeverity(c.cvssv2),
        cve: /^CVE-/i.test(c.name) ? [c.name.toUpperCase()] : [],
        cvss: c.cvssv2 !== undefined ? { version: '2.0', score: c.cvssv2 } : undefined,
      },
    );
  }
  for (const f of flagged(r)) {
    const what = SECTIONS[f.section];
    const lines = [
      ...f.fail.map((t) => `fail: ${t}`),
      ...f.warn.map((t) => `warn: ${t}`),
      ...f.info.map((t) => `info: ${t}`),
      ...(f.keysize ? [`key size: ${f.keysize} bits`] : []),
    ];
    const draft = base();
    draft.attributes = {
      ...draft.attributes,
      algorithmType: f.section,
      level: f.level,
      ...(f.keysize ? { keysize: f.keysize } : {}),
    };
    yield toFinding(
      SCANNER,
      { path: at },
      {
        ...draft,
        ruleId: `${f.section}:${f.algorithm}`,
        name: `${f.level === 'fail' ? 'Weak' : 'Discouraged'} SSH ${what} algorithm ${f.algorithm}`,
        description: lines.join('\n'),
        mitigation:
          f.level === 'fail' ? `Remove ${f.algorithm} from the server's ${what} algorithms.` : undefined,
        severity: f.level === 'fail' ? 'high' : 'medium',
      },
    );
  }
}

const EXPECTED = 'an ssh-audit -j report {banner, target, cves, kex, key, enc, mac}';

async function* findings(input: ParseInput): AsyncGenerator<Finding> {
  // A -T run writes an array of host reports; each is read whole (one host is small).
  const stream = streamJsonWithSkeleton(input, { scanner: SCANNER, select: ['$[*]'] });
  for await (const m of stream.matches) {
    const at = `$[${m.path[0] as number}]`;
    yield* hostFindings(parseWith(SCANNER, reportSchema, m.value, at, EXPECTED), at);
  }
  const doc = stream.skeleton();
  if (Array.isArray(doc)) return;
  if (!isRecord(doc) || !('banner' in doc || 'target' in doc || 'kex' in doc))
    throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
  yield* hostFindings(parseWith(SCANNER, reportSchema, doc, '$', EXPECTED), '$');
}

export const sshAuditParser = defineParser({
  id: SCANNER,
  name: 'ssh-audit',
  formats:
    'ssh-audit -j / -jj 2.x–3.x (one host {banner, target, cves, kex, key, enc, mac, recommendations}; -T: an array of them; algorithms with or without notes)',
  detect(head) {
    if (!/^\s*[[{]/.test(head)) return 0;
    if (hasAll(head, [key('banner'), key('kex'), key('recommendations')])) return 95;
    if (hasAll(head, [key('banner'), key('cves'), key('compression')])) return 95;
    if (hasAll(head, [key('banner'), key('cves'), key('kex')])) return 90;
    return 0;
  },
  parse: (input, options?: ParseOptions) =>
    options?.oneFindingPerRecord ? findings(input) : mergeRepeated(findings(input)),
});
