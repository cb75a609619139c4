import type { Finding } from '../finding.js';
import type { ScbSeverity } from '../securecodebox-finding.js';
import type { ScbConvention } from './convention.js';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The result fields the semgrep parser keeps in `attributes.record`, or, for findings stored before
 * it did, the same fields rebuilt from the canonical finding.
 */
function recordOf(f: Finding): Rec {
  if (isRec(f.attributes.record)) return f.attributes.record;
  const src = f.location?.kind === 'source' ? f.location : undefined;
  return {
    path: src?.file,
    start: src?.startLine,
    end: src?.endLine ?? src?.startLine,
    message: f.description,
    severity: f.attributes.original_severity,
    metadata: { category: f.attributes.ruleCategory, owasp: f.attributes.owasp },
  };
}
const metadataOf = (r: Rec): Rec => (isRec(r.metadata) ? r.metadata : {});

/** secureCodeBox knows semgrep's three classic words; anything else (e.g. 1.72's HIGH) is INFORMATIONAL. */
const SEVERITY: Readonly<Record<string, ScbSeverity>> = {
  info: 'INFORMATIONAL',
  warning: 'MEDIUM',
  error: 'HIGH',
};

const orNull = (v: unknown) => v || null;

/**
 * secureCodeBox's semgrep parser (scanners/semgrep/parser/parser.js): one finding per result, named
 * by the rule id, located at `path:start-end`, with the message (or a placeholder), the rule's
 * metadata category (or `semgrep-result`) and four metadata attributes. Supply-chain exports
 * (`vulns`), which secureCodeBox does not read, keep the generic mapping.
 */
export const semgrepConvention: ScbConvention = {
  appliesTo: (f) => f.category !== 'SCA',
  name: (f) => f.ruleId,
  location: (f) => {
    const r = recordOf(f);
    return `${r.path}:${r.start}-${r.end ?? r.start}`;
  },
  description: (f) =>
    (recordOf(f).message as string | undefined) ||
    "(No description provided in semgrep rule - when using a custom rule, set the 'message' key)",
  category: (f) => (metadataOf(recordOf(f)).category as string | undefined) || 'semgrep-result',
  severity: (f) => SEVERITY[String(recordOf(f).severity ?? '').toLowerCase()] ?? 'INFORMATIONAL',
  osiLayer: () => undefined,
  mitigation: () => undefined,
  references: () => undefined,
  identifiedAt: () => undefined,
  attributes: (f) => {
    const m = metadataOf(recordOf(f));
    return {
      cwe: orNull(m.cwe),
      owasp_category: orNull(m.owasp),
      references: orNull(m.references),
      rule_source: orNull(m.source),
    };
  },
};
