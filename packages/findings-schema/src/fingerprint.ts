import crypto from 'node:crypto';
import type { FindingDraft } from './finding.js';

type IdentityInput = Pick<
  FindingDraft,
  'tool' | 'ruleId' | 'location' | 'stableId' | 'secret' | 'attributes' | 'name'
>;

/**
 * Identity fields per location kind. Chosen so that a re-import of the same issue keeps its identity:
 * - source: rule, file and start line (a line shift is a new finding unless the tool gives a stable id);
 * - package: rule (the vulnerability id), package name, installed version and where it was found;
 * - url: rule, URL without query string or fragment, method and parameter;
 * - host: rule, host, port and protocol.
 * Scanners with their own rules are listed in `scannerIdentity`.
 */
function defaultIdentity(d: IdentityInput): string[] {
  const loc = d.location;
  if (!loc) return [d.ruleId, d.name];
  switch (loc.kind) {
    case 'source':
      return [d.ruleId, normalizePath(loc.file), String(loc.startLine ?? '')];
    case 'package':
      return [d.ruleId, loc.purl ?? '', loc.name, loc.version ?? '', loc.path ?? ''];
    case 'url':
      return [d.ruleId, normalizeUrl(loc.url), (loc.method ?? '').toUpperCase(), loc.parameter ?? ''];
    case 'host':
      return [d.ruleId, loc.host.toLowerCase(), String(loc.port ?? ''), (loc.protocol ?? '').toLowerCase()];
  }
}

/**
 * Scanner-specific identity, where the default is not right. Keyed by parser id (`tool.id`).
 * A function returns the extra parts appended to the default parts.
 */
const scannerIdentity: Record<string, (d: IdentityInput) => string[]> = {
  // A secret's identity includes the hash of its value: two different keys on one line are two findings.
  trufflehog: (d) => [d.secret?.sha256 ?? ''],
  trufflehog3: (d) => [d.secret?.sha256 ?? ''],
  gitleaks: (d) => [d.secret?.sha256 ?? ''],
  secretlint: (d) => [d.secret?.sha256 ?? ''],
  // Trivy misconfigurations and Kubernetes reports name the resource the issue is in.
  trivy: (d) => [String(d.attributes?.resource ?? ''), String(d.attributes?.target ?? '')],
  // trivy-operator secrets carry no line: two secrets of one rule in one file differ by their hash.
  'trivy-operator': (d) => (d.secret ? [d.secret.sha256] : []),
};

/**
 * The stable identity of a finding: sha256 over the tool, and either the tool-provided stable id or
 * the identity fields of the scanner. Documented per scanner in this package's README.
 */
export function fingerprint(d: IdentityInput): string {
  // The parts are escaped and joined with '|' as they are built (no arrays: this runs per finding).
  const tool = escapePart(lowerToolName(d.tool.name));
  if (d.stableId) {
    const file = d.location?.kind === 'source' ? normalizePath(d.location.file) : '';
    return sha256Hex(`stable|${tool}|${escapePart(d.ruleId)}|${escapePart(file)}|${escapePart(d.stableId)}`);
  }
  let s = `fields|${tool}|${defaultIdentityText(d)}`;
  const id = d.tool.id;
  if (id === 'trufflehog' || id === 'trufflehog3' || id === 'gitleaks' || id === 'secretlint')
    s += `|${escapePart(d.secret?.sha256 ?? '')}`;
  else if (id === 'trivy')
    s += `|${escapePart(String(d.attributes?.resource ?? ''))}|${escapePart(String(d.attributes?.target ?? ''))}`;
  else {
    const extra = scannerIdentity[id]?.(d);
    if (extra) for (const p of extra) s += `|${escapePart(p)}`;
  }
  return sha256Hex(s);
}

/** The last tool name and its lower case: a report's findings share one tool, and lower-casing copies. */
let toolName = '';
let toolNameLower = '';
function lowerToolName(name: string): string {
  if (name !== toolName) {
    toolName = name;
    toolNameLower = name.toLowerCase();
  }
  return toolNameLower;
}

/** `defaultIdentity(d)`, escaped and joined with '|'. */
function defaultIdentityText(d: IdentityInput): string {
  const loc = d.location;
  if (!loc) return `${escapePart(d.ruleId)}|${escapePart(d.name)}`;
  switch (loc.kind) {
    case 'source':
      return `${escapePart(d.ruleId)}|${escapePart(normalizePath(loc.file))}|${escapePart(String(loc.startLine ?? ''))}`;
    case 'package':
      return `${escapePart(d.ruleId)}|${escapePart(loc.purl ?? '')}|${escapePart(loc.name)}|${escapePart(loc.version ?? '')}|${escapePart(loc.path ?? '')}`;
    default:
      return defaultIdentity(d).map(escapePart).join('|');
  }
}

// One-shot `crypto.hash` (Node >= 20.12) is about twice as fast as createHash for short inputs.
const sha256Hex: (s: string) => string =
  typeof crypto.hash === 'function'
    ? (s) => crypto.hash('sha256', s, 'hex')
    : (s) => crypto.createHash('sha256').update(s).digest('hex');

function escapePart(p: string): string {
  return p.includes('\\') || p.includes('|') ? p.replaceAll('\\', '\\\\').replaceAll('|', '\\|') : p;
}

/** `./src/a.ts`, `src\a.ts` and `src/a.ts` are the same file. */
export function normalizePath(file: string): string {
  if (!file.includes('\\') && !file.startsWith('./')) return file;
  return file.replaceAll('\\', '/').replace(/^(\.\/)+/, '');
}

/** Lower-cases scheme and host and drops the query string and fragment. */
export function normalizeUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.host.toLowerCase()}${u.pathname}`;
  } catch {
    return raw.split(/[?#]/)[0] ?? raw;
  }
}
