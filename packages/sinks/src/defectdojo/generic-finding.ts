import type { Severity, TriagedFinding } from '@scanrelay/findings-schema';

/** DefectDojo's severity words. */
const DEFECTDOJO_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** DefectDojo limits `title` to 511 characters. */
const MAX_TITLE = 500;

/** One finding of a DefectDojo Generic Findings Import (JSON), with only keys its parser accepts. */
export type GenericFinding = Record<string, string | number | boolean | string[]>;

/**
 * Our finding as a Generic Findings Import finding. `unique_id_from_tool` is our fingerprint, so a
 * reimport matches the same finding across scans; `vuln_id_from_tool` is the scanner's rule id. A
 * triaged finding goes inactive with DefectDojo's own flag, `false_p` or `risk_accepted` (the format
 * has no field for the reason or the expiry).
 */
export function toGenericFinding(f: TriagedFinding): GenericFinding {
  const out: GenericFinding = {
    title: f.name.length > MAX_TITLE ? `${f.name.slice(0, MAX_TITLE - 1)}…` : f.name,
    severity: DEFECTDOJO_SEVERITY[f.severity],
    description: f.description?.trim() || f.name,
    unique_id_from_tool: f.fingerprint,
    vuln_id_from_tool: f.ruleId,
    nb_occurences: f.occurrences,
  };
  if (f.triage) {
    out.active = false;
    if (f.triage.status === 'false-positive') out.false_p = true;
    else out.risk_accepted = true;
  }
  const cwe = f.cwe[0];
  if (cwe) out.cwe = Number(cwe.slice('CWE-'.length));
  if (f.cve.length > 0) out.vulnerability_ids = [...f.cve];
  if (f.mitigation) out.mitigation = f.mitigation;
  if (f.references.length > 0) out.references = f.references.join('\n');
  if (f.identifiedAt) out.date = f.identifiedAt.slice(0, 10);
  if (f.cvss?.score !== undefined && f.cvss.version?.startsWith('3')) out.cvssv3_score = f.cvss.score;
  const loc = f.location;
  out.static_finding = loc?.kind !== 'url' && loc?.kind !== 'host';
  out.dynamic_finding = !out.static_finding;
  if (loc?.kind === 'source') {
    out.file_path = loc.file;
    if (loc.startLine) out.line = loc.startLine;
  } else if (loc?.kind === 'package') {
    out.component_name = loc.name;
    if (loc.version) out.component_version = loc.version;
    if (loc.path) out.file_path = loc.path;
  } else if (loc?.kind === 'url') {
    out.endpoints = [loc.url];
    if (loc.parameter) out.param = loc.parameter;
  } else if (loc?.kind === 'host') {
    out.endpoints = [loc.port === undefined ? loc.host : `${loc.host}:${loc.port}`];
  }
  return out;
}
