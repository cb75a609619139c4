/** Phoenix's asset types and the attributes each one requires (ImportRequest of the v1.27 spec). */
const ASSET_TYPES = ['INFRA', 'WEB', 'CLOUD', 'CONTAINER', 'REPOSITORY', 'CODE', 'BUILD'];
const IMPORT_TYPES = ['new', 'merge', 'delta'];

const isText = (v: unknown) => typeof v === 'string' && v.trim() !== '';
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

function checkAttributes(type: string, a: Record<string, unknown>, at: string, problems: string[]) {
  const need = (...keys: string[]) => {
    for (const k of keys)
      if (!isText(a[k])) problems.push(`${at}.attributes.${k}: required for ${type} assets`);
  };
  if (type === 'WEB' && !isText(a.ip) && !isText(a.fqdn))
    problems.push(`${at}.attributes: WEB assets need ip or fqdn`);
  // The spec lists ip and hostname for INFRA; the fake takes either (a scanned host name has no ip yet).
  if (type === 'INFRA' && !isText(a.ip) && !isText(a.hostname))
    problems.push(`${at}.attributes: INFRA assets need ip or hostname`);
  if (type === 'CLOUD') need('providerType', 'providerAccountId');
  if (type === 'CONTAINER') need('dockerfile');
  if (type === 'REPOSITORY') need('repository');
  if (type === 'BUILD') need('buildFile');
  if (type === 'CODE') need('scannerSource');
}

function checkFinding(f: unknown, at: string, problems: string[]) {
  const o = obj(f);
  if (!o) return void problems.push(`${at}: expected an object`);
  for (const k of ['name', 'description', 'remedy'])
    if (!isText(o[k])) problems.push(`${at}.${k}: required string`);
  const sev =
    typeof o.severity === 'number'
      ? o.severity
      : typeof o.severity === 'string'
        ? Number(o.severity)
        : Number.NaN;
  if (!(sev >= 1 && sev <= 10)) problems.push(`${at}.severity: expected "1.0" to "10.0"`);
  if (o.cwes !== undefined) {
    if (!Array.isArray(o.cwes)) problems.push(`${at}.cwes: expected an array`);
    else
      o.cwes.forEach((c, i) => {
        if (typeof c !== 'string' || !/^CWE-\d+$/.test(c))
          problems.push(`${at}.cwes[${i}]: expected CWE-<n>`);
      });
  }
  if (o.referenceIds !== undefined && !(Array.isArray(o.referenceIds) && o.referenceIds.every(isText)))
    problems.push(`${at}.referenceIds: expected an array of strings`);
}

/** The problems of a `POST /v1/import/assets` body, each `path: what is wrong`; empty when valid. */
export function validateImport(body: unknown): string[] {
  const problems: string[] = [];
  const b = obj(body);
  if (!b) return ['(root): expected a JSON object'];
  if (!IMPORT_TYPES.includes(b.importType as string))
    problems.push('importType: expected new, merge or delta');
  const assessment = obj(b.assessment);
  const type = assessment?.assetType as string;
  if (!assessment) problems.push('assessment: required object');
  else {
    if (!ASSET_TYPES.includes(type))
      problems.push(`assessment.assetType: expected one of ${ASSET_TYPES.join(', ')}`);
    if (!isText(assessment.name)) problems.push('assessment.name: required string');
  }
  if (!Array.isArray(b.assets) || b.assets.length === 0)
    return [...problems, 'assets: expected a non-empty array'];
  for (const [i, asset] of b.assets.entries()) {
    const a = obj(asset);
    const at = `assets[${i}]`;
    if (!a) {
      problems.push(`${at}: expected an object`);
      continue;
    }
    const attrs = obj(a.attributes);
    if (!attrs) problems.push(`${at}.attributes: required object`);
    else if (ASSET_TYPES.includes(type)) checkAttributes(type, attrs, at, problems);
    if (!Array.isArray(a.findings)) {
      problems.push(`${at}.findings: expected an array`);
      continue;
    }
    for (const [j, f] of a.findings.entries()) checkFinding(f, `${at}.findings[${j}]`, problems);
  }
  return problems.slice(0, 20);
}
