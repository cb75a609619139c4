/** Keys DefectDojo's Generic Findings Import (JSON) requires on every finding. */
const REQUIRED = ['title', 'severity', 'description'] as const;

/** Keys it accepts besides those (dojo/tools/generic/json_parser.py); any other key fails the import. */
const ALLOWED = new Set<string>([
  ...REQUIRED,
  'date',
  'cwe',
  'cve',
  'cvssv3',
  'cvssv3_score',
  'mitigation',
  'impact',
  'steps_to_reproduce',
  'severity_justification',
  'references',
  'active',
  'verified',
  'false_p',
  'out_of_scope',
  'risk_accepted',
  'under_review',
  'is_mitigated',
  'mitigated',
  'numerical_severity',
  'param',
  'payload',
  'line',
  'file_path',
  'component_name',
  'component_version',
  'static_finding',
  'dynamic_finding',
  'scanner_confidence',
  'unique_id_from_tool',
  'vuln_id_from_tool',
  'nb_occurences',
  'publish_date',
  'service',
  'tags',
  'endpoints',
  'vulnerability_ids',
  'files',
]);

const SEVERITIES = new Set(['Info', 'Low', 'Medium', 'High', 'Critical']);

/** The findings of a Generic Findings Import file, or why DefectDojo would refuse it. */
export function readGenericFindings(
  bytes: Uint8Array,
): { findings: Record<string, unknown>[] } | { error: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { error: 'Invalid format, unable to parse json.' };
  }
  const list = (doc as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(list)) return { error: 'Expected a JSON object with a "findings" array.' };
  for (const [i, item] of list.entries()) {
    if (typeof item !== 'object' || item === null) return { error: `findings[${i}] is not an object` };
    const missing = REQUIRED.filter((k) => !(k in item));
    if (missing.length > 0) return { error: `Required fields are missing: ${missing.join(', ')}` };
    const extra = Object.keys(item).filter((k) => !ALLOWED.has(k));
    if (extra.length > 0) return { error: `Not allowed fields are present: ${extra.sort().join(', ')}` };
    const severity = (item as { severity: unknown }).severity;
    if (typeof severity !== 'string' || !SEVERITIES.has(severity))
      return {
        error: `findings[${i}].severity "${String(severity)}" is not one of Info, Low, Medium, High, Critical`,
      };
    const cwe = (item as { cwe?: unknown }).cwe;
    if (cwe !== undefined && !Number.isInteger(cwe))
      return { error: `findings[${i}].cwe must be an integer` };
  }
  return { findings: list as Record<string, unknown>[] };
}
