import { type FindingDraft, type Severity, severityFromCvssScore } from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { nextFixedVersion } from './support/compare-versions.js';
import { cvssOf } from './support/cvss.js';
import { severityOf } from './support/severity-of.js';

export const SCANNER = 'bundler-audit';
const TOOL = { id: SCANNER, name: 'bundler-audit' } as const;
/** ruby-advisory-db's criticality; bundler-audit prints Unknown when the advisory has no CVSS (medium, as DefectDojo). */
const CRITICALITY: Readonly<Record<string, Severity>> = {
  NONE: 'info',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
  CRITICAL: 'critical',
  UNKNOWN: 'medium',
};

/** One unpatched gem as the text (`Name:`…`Solution:` block) and JSON (`unpatched_gem`) outputs give it. */
export interface BundlerAdvisory {
  gem: string;
  version: string;
  /** The advisory file's id (`CVE-…`, `GHSA-…`, `OSVDB-…`), from JSON or the 0.6 `Advisory:` line. */
  id?: string;
  cve?: string;
  ghsa?: string;
  osvdb?: string;
  criticality?: string;
  cvssV3?: number;
  cvssV2?: number;
  url?: string;
  title?: string;
  description?: string;
  date?: string;
  /** Requirements a fixed version meets (`~> 1.6.11`, `>= 2.0.6`). */
  patched: string[];
  /** The text output's `Solution:` when it names no versions (`remove or disable this gem…`). */
  solution?: string;
}

/** `CVE-2020-8161` from `2020-8161` or `CVE-2020-8161`; likewise GHSA and OSVDB. */
function prefixed(prefix: string, id: string | undefined): string | undefined {
  const v = id?.trim();
  if (!v) return undefined;
  return v.toUpperCase().startsWith(`${prefix}-`) ? v : `${prefix}-${v}`;
}

/** The versions a requirement list starts at: `~> 2.1.3, >= 2.2.0` → 2.1.3, 2.2.0 (upper bounds dropped). */
function floors(patched: readonly string[]): string[] {
  const out: string[] = [];
  for (const req of patched)
    for (const part of req.split(',')) {
      const m = /^\s*['"]?\s*(?:>=|~>|=|>)?\s*(\d[\w.-]*)/.exec(part);
      if (m?.[1] && !/^\s*['"]?\s*</.test(part)) out.push(m[1]);
    }
  return out;
}

function severity(a: BundlerAdvisory, options: ParseOptions | undefined, where: string): Severity {
  if (a.criticality?.trim()) return severityOf(a.criticality, options, where, CRITICALITY);
  if (a.cvssV3 !== undefined) return severityFromCvssScore(a.cvssV3);
  if (a.cvssV2 !== undefined) return severityFromCvssScore(a.cvssV2);
  return 'medium';
}

/** One vulnerable gem → one finding; the rule is the advisory's CVE, else its GHSA, else its id. */
export function advisoryDraft(
  a: BundlerAdvisory,
  options: ParseOptions | undefined,
  where: string,
): FindingDraft {
  const cve = prefixed('CVE', a.cve);
  const ghsa = prefixed('GHSA', a.ghsa);
  const osvdb = prefixed('OSVDB', a.osvdb);
  const ruleId = cve ?? ghsa ?? a.id ?? osvdb ?? `${a.gem}:${a.title ?? 'advisory'}`;
  const fixedVersion = nextFixedVersion(a.version, floors(a.patched));
  const ids = [cve, ghsa, a.id].filter((x): x is string => !!x && /^(CVE|GHSA)-/i.test(x));
  return {
    tool: TOOL,
    ruleId,
    name: a.title?.trim() ? `Gem ${a.gem}: ${a.title.trim()} [${ruleId}]` : `Gem ${a.gem}: ${ruleId}`,
    description: a.description?.trim() || undefined,
    severity: severity(a, options, where),
    category: 'Dependency',
    location: {
      kind: 'package',
      name: a.gem,
      version: a.version,
      fixedVersion,
      ecosystem: 'RubyGems',
      purl: `pkg:gem/${encodeURIComponent(a.gem)}@${encodeURIComponent(a.version)}`,
    },
    cve: [...new Set(ids)],
    cvss: a.cvssV3 !== undefined ? cvssOf(undefined, a.cvssV3, '3') : undefined,
    references: a.url?.trim() ? [a.url.trim()] : [],
    mitigation: a.patched.length > 0 ? `Upgrade to ${a.patched.join(', ')}` : a.solution?.trim() || undefined,
    attributes: {
      ...(osvdb ? { osvdb } : {}),
      ...(a.date ? { published: a.date } : {}),
      ...(a.criticality ? { criticality: a.criticality } : {}),
    },
  };
}

/** Hides the user and password of a source URI (`https://user:token@gems.example.com`). */
function withoutCredentials(uri: string): string {
  return uri.replace(/^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)[^@/\s]*@/, '$1****@');
}

/** An insecure gem source (`git://`, `http://`) → one finding per source. */
export function insecureSourceDraft(uri: string): FindingDraft {
  const shown = withoutCredentials(uri.trim());
  return {
    tool: TOOL,
    ruleId: 'insecure_source',
    name: `Insecure Source URI found: ${shown}`,
    description:
      'The Gemfile fetches gems over an unencrypted protocol (git:// or http://): a network attacker can substitute them.',
    severity: 'medium',
    category: 'Dependency',
    location: { kind: 'url', url: shown },
    cwe: ['CWE-319'],
    mitigation: 'Use an https:// source.',
  };
}
