import type { Finding } from '../finding.js';
import { locationToText } from '../location-text.js';
import type { ScbReference, ScbSeverity } from '../securecodebox-finding.js';
import { attr, type ScbConvention } from './convention.js';

type Raw = Record<string, string | undefined>;

/**
 * The alert's fields as ZAP wrote them, which our zap parser keeps in `attributes.raw`; undefined
 * for zap findings stored before it did (they keep the generic mapping).
 */
function rawOf(f: Finding): Raw | undefined {
  const raw = f.attributes.raw;
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Raw) : undefined;
}

/**
 * What secureCodeBox's `stripHtmlTags` gives: every `<…>` removed, nothing else touched (no
 * entity decoding, no trimming); undefined where it gives `false` (no or empty text). A loop, not
 * a regular expression, so text with many `<` and no `>` takes linear time.
 */
function stripTags(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let out = '';
  let pos = 0;
  for (;;) {
    const open = text.indexOf('<', pos);
    const close = open < 0 ? -1 : text.indexOf('>', open);
    if (close < 0) return out + text.slice(pos);
    out += text.slice(pos, open);
    pos = close + 1;
  }
}

/** secureCodeBox cuts `zap_otherinfo` at 2048 characters and marks the cut with `...`. */
const cut = (text: string | undefined) =>
  text === undefined || text.length < 2048 ? text : `${text.slice(0, 2048)}...`;

const RISK: readonly ScbSeverity[] = ['INFORMATIONAL', 'LOW', 'MEDIUM'];

/** URL references from ZAP's `<p>`-separated reference text, then the CWE and its MITRE page. */
function referencesOf(raw: Raw): ScbReference[] | null {
  const refs: ScbReference[] = (raw.reference ?? '')
    .split('<p>')
    .filter((part) => part !== '')
    .map((part) => ({ type: 'URL', value: stripTags(part) ?? '' }));
  const cwe = raw.cweid;
  if (cwe !== undefined && cwe !== '-1') {
    refs.push({ type: 'CWE', value: `CWE-${cwe}` });
    refs.push({ type: 'URL', value: `https://cwe.mitre.org/data/definitions/${cwe}.html` });
  }
  return refs.length > 0 ? refs : null;
}

/** An exact hook for findings our parser read, the generic mapping (`undefined`) for others. */
const exact =
  <T>(hook: (raw: Raw, f: Finding) => T) =>
  (f: Finding): T | undefined => {
    const raw = rawOf(f);
    return raw ? hook(raw, f) : undefined;
  };

/**
 * secureCodeBox's zap-automation-framework parser (scanners/zap-automation-framework/parser),
 * which reads the traditional XML report: one finding per alert, in report order. Its older `zap`
 * parser (removed in 2025, secureCodeBox PR #3081) read the same report and wrote the same fields except
 * `references`, `mitigation` and `hint`. JSON reports, which neither reads, get the same mapping.
 */
export const zapConvention: ScbConvention = {
  name: exact((raw) => stripTags(raw.name)),
  category: exact((raw) => raw.alert || stripTags(raw.name)),
  severity: exact((raw) => RISK[Number.parseInt(raw.riskcode ?? '', 10)] ?? 'HIGH'),
  location: (f) => (rawOf(f) ? attr(f, 'site') : locationToText(f.location)),
  osiLayer: () => 'APPLICATION',
  description: (f) => {
    const raw = rawOf(f);
    return raw ? (stripTags(raw.desc) ?? f.description) : f.description;
  },
  mitigation: (f) => {
    const raw = rawOf(f);
    return raw ? stripTags(raw.solution) || null : f.mitigation;
  },
  references: exact(referencesOf),
  identifiedAt: (f) => (rawOf(f) ? undefined : f.identifiedAt),
  extra: (f) => (rawOf(f) ? { hint: null } : {}),
  attributes: (f) => {
    const raw = rawOf(f) ?? {};
    // Findings stored before `raw` existed fall back to the flat attributes the parser wrote then.
    const field = (key: string, stored: string) => raw[key] || attr(f, stored) || null;
    return {
      hostname: attr(f, 'host'),
      port: attr(f, 'port'),
      zap_confidence: field('confidence', 'confidence'),
      zap_count: raw.count || null,
      zap_solution: stripTags(raw.solution) || null,
      zap_otherinfo: cut(stripTags(raw.otherinfo) || undefined) ?? null,
      zap_reference: stripTags(raw.reference) || null,
      zap_cweid: raw.cweid || null,
      zap_wascid: field('wascid', 'wascid'),
      zap_riskcode: field('riskcode', 'riskcode'),
      zap_pluginid: field('pluginid', 'pluginId'),
      zap_finding_urls: f.attributes.instances ?? [],
    };
  },
};
