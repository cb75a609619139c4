import { type Finding, type FindingDraft, redactSecret } from '@scanrelay/findings-schema';
import { z } from 'zod';
import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';
import {
  WPSCAN_SCANNER as SCANNER,
  type WpscanComponentKind,
  type WpscanContext,
  wpscanComponentSchema,
  wpscanConfidence,
  wpscanDate,
  wpscanVulnerabilityDraft,
  wpscanVulnerabilitySchema,
} from './wpscan-component.js';

const EXPECTED = 'a wpscan --format json report {target_url, interesting_findings, version, plugins…}';
/** One entry of `interesting_findings[]`, `config_backups` or `db_exports` (render('@finding')). */
const interestingSchema = z
  .object({
    url: z.string().min(1).nullish(),
    to_s: z.string().nullish(),
    type: z.string().nullish(),
    found_by: z.string().nullish(),
    confidence: z.number().nullish(),
    interesting_entries: z.array(z.unknown()).nullish(),
    references: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
const passwordSchema = z.object({ password: z.string() }).loose();

function context(root: unknown): WpscanContext {
  const r = isRecord(root) ? root : {};
  const banner = isRecord(r.banner) ? r.banner : {};
  const url = typeof r.effective_url === 'string' ? r.effective_url : r.target_url;
  return {
    targetUrl: typeof url === 'string' && url !== '' ? url : undefined,
    startTime: wpscanDate(r.start_time),
    version: typeof banner.version === 'string' ? banner.version : undefined,
  };
}

function tool(ctx: WpscanContext) {
  return { id: SCANNER, name: 'WPScan', ...(ctx.version ? { version: ctx.version } : {}) };
}

function referenceUrls(refs: Record<string, unknown> | null | undefined): string[] {
  const urls = Array.isArray(refs?.url) ? refs.url : [];
  return urls.filter((u): u is string => typeof u === 'string' && /^https?:\/\//i.test(u));
}

/** An interesting finding (or a config backup / DB export, whose member name is the URL) as a draft. */
function interestingDraft(
  value: unknown,
  at: string,
  kind: 'interesting_findings' | 'config_backups' | 'db_exports',
  ctx: WpscanContext,
  memberName: string | undefined,
): FindingDraft {
  const parsed = parseWith(
    SCANNER,
    interestingSchema,
    value,
    at,
    'a WPScan finding {url, found_by, confidence}',
  );
  // config_backups and db_exports are keyed by their URL; interesting findings carry it.
  const url = parsed.url || memberName;
  if (!url)
    throw new ParseError(SCANNER, { path: `${at}.url` }, 'a WPScan interesting finding with its url', {
      got: describeValue(parsed.url),
    });
  const f = { ...parsed, url };
  const entries = (f.interesting_entries ?? []).filter((e): e is string => typeof e === 'string');
  const exposed =
    kind === 'config_backups' ? 'Config backup' : kind === 'db_exports' ? 'Database export' : undefined;
  const title = exposed ? `${exposed} found: ${f.url}` : `Interesting finding: ${f.to_s || f.type || f.url}`;
  return {
    tool: tool(ctx),
    ruleId: exposed ? kind : f.type || 'interesting_finding',
    name: title,
    description: [title, ...entries.map((e) => `- ${e}`), f.found_by ? `Found by: ${f.found_by}` : '']
      .filter(Boolean)
      .join('\n'),
    severity: exposed ? 'high' : 'info',
    confidence: wpscanConfidence(f.confidence),
    category: 'DAST',
    location: { kind: 'url', url: f.url },
    references: referenceUrls(f.references),
    identifiedAt: ctx.startTime,
    attributes: {
      ...(f.found_by ? { foundBy: f.found_by } : {}),
      ...(typeof f.confidence === 'number' ? { detectionConfidence: f.confidence } : {}),
      ...(entries.length > 0 ? { interestingEntries: entries.slice(0, 50) } : {}),
    },
  };
}

/** A password found by `--passwords` (password_attack.<user>): never kept in clear. */
function passwordDraft(user: string, value: unknown, at: string, ctx: WpscanContext): FindingDraft {
  const p = parseWith(SCANNER, passwordSchema, value, at, 'a WPScan password attack result {password}');
  const secret = redactSecret(p.password);
  return {
    tool: tool(ctx),
    ruleId: 'password_attack',
    name: `Valid password found for WordPress user ${user}`,
    description: `WPScan's password attack found the password of ${user}: ${secret.redacted}`,
    severity: 'critical',
    category: 'Secrets',
    location: ctx.targetUrl ? { kind: 'url', url: ctx.targetUrl, parameter: user } : undefined,
    identifiedAt: ctx.startTime,
    secret,
  };
}

function componentKind(
  section: string,
  member: string | undefined,
  c: ReturnType<typeof wpscanComponentSchema.parse>,
): WpscanComponentKind {
  if (section === 'version')
    return {
      name: 'wordpress',
      ecosystem: 'WordPress',
      version: c.number ?? undefined,
      confidence: c.confidence,
    };
  return {
    name: c.slug || member || 'unknown',
    ecosystem: section === 'plugins' ? 'WordPress plugin' : 'WordPress theme',
    version: c.version?.number ?? undefined,
    confidence: c.version?.confidence ?? c.confidence,
  };
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: [
      '$.interesting_findings[*]',
      '$.version',
      '$.main_theme',
      '$.plugins.*',
      '$.themes.*',
      '$.config_backups.*',
      '$.db_exports.*',
      '$.password_attack.*',
    ],
    skip: ['$.users', '$.medias', '$.timthumbs'],
  });
  for await (const m of stream.matches) {
    const at = formatJsonPath(m.path);
    const section = String(m.path[0]);
    const ctx = context(m.ancestors[0]);
    if (section === 'interesting_findings' || section === 'config_backups' || section === 'db_exports') {
      yield toFinding(
        SCANNER,
        { path: at },
        interestingDraft(m.value, at, section, ctx, typeof m.path[1] === 'string' ? m.path[1] : undefined),
      );
      continue;
    }
    if (section === 'password_attack') {
      yield toFinding(SCANNER, { path: at }, passwordDraft(String(m.path[1]), m.value, at, ctx));
      continue;
    }
    if (m.value === null) continue; // version / main_theme not detected
    const c = parseWith(
      SCANNER,
      wpscanComponentSchema,
      m.value,
      at,
      'a WPScan component {slug, version, vulnerabilities}',
    );
    const kind = componentKind(section, typeof m.path[1] === 'string' ? m.path[1] : undefined, c);
    for (const [i, raw] of (c.vulnerabilities ?? []).entries()) {
      const vat = `${at}.vulnerabilities[${i}]`;
      const v = parseWith(
        SCANNER,
        wpscanVulnerabilitySchema,
        raw,
        vat,
        'a WPScan vulnerability {title, references}',
      );
      yield toFinding(SCANNER, { path: vat }, wpscanVulnerabilityDraft(v, kind, ctx));
    }
  }
  const doc = stream.skeleton();
  if (!isRecord(doc) || !('target_url' in doc || 'banner' in doc))
    throw new ParseError(SCANNER, { path: '$' }, EXPECTED, { got: describeValue(doc) });
  if (typeof doc.scan_aborted === 'string')
    options?.onWarning?.(`wpscan: the scan was aborted (${doc.scan_aborted.slice(0, 200)}); no findings`);
  const api = isRecord(doc.vuln_api) ? doc.vuln_api : undefined;
  const apiError = api ? (api.error ?? api.http_error ?? api.parse_error) : undefined;
  if (typeof apiError === 'string')
    options?.onWarning?.(
      'wpscan: the report has no vulnerability data (no WPScan API token, or the API failed); only interesting findings are imported',
    );
}

export const wpscanParser = defineParser({
  id: SCANNER,
  name: 'WPScan',
  formats:
    'wpscan --format json (3.x: interesting_findings, version, main_theme, plugins, themes, config_backups, db_exports, password_attack; vulnerabilities with fixed_in or cvss; aborted scans and reports without API token)',
  detect(head) {
    if (!/^\s*\{/.test(head)) return 0;
    if (!hasAll(head, [key('target_url')])) return 0;
    if (/WordPress Security Scanner/.test(head)) return 95;
    return hasAll(head, [key('interesting_findings'), key('effective_url')]) ? 90 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
