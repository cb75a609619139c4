/**
 * An independent oracle: what secureCodeBox's trivy parser (scanners/trivy/parser/parser.js, the
 * version that reads Kubernetes reports) emits for a raw Trivy report, written from reading it.
 * Only the parser's fields; `id`, `parsed_at`, `scan` are the SDK's.
 */
type Rec = Record<string, unknown>;
export interface OracleFinding {
  name: string;
  description?: unknown;
  category: string;
  location?: unknown;
  osi_layer?: string;
  severity: unknown;
  mitigation?: unknown;
  references: { type: string; value: string }[];
  attributes: Rec;
}

/** Thrown where secureCodeBox's parser rejects the report (it then emits no findings). */
export class OracleRejected extends Error {}

const asRec = (v: unknown): Rec => (typeof v === 'object' && v !== null ? (v as Rec) : {});
const list = (v: unknown): Rec[] => (Array.isArray(v) ? v.map(asRec) : []);
const scbSeverity = (s: unknown) => (s === 'CRITICAL' ? 'HIGH' : s === 'UNKNOWN' ? 'INFORMATIONAL' : s);
const urls = (refs: unknown) =>
  (Array.isArray(refs) ? refs : [])
    .filter((r): r is string => typeof r === 'string' && r.startsWith('http'))
    .map((value) => ({ type: 'URL', value }));
const str = (v: unknown) => String(v);

function category(target: string): string {
  const rules: [(t: string) => boolean, string][] = [
    [(t) => t.endsWith('package-lock.json') || t === 'Node.js', 'NPM'],
    [(t) => t.endsWith('Gemfile.lock'), 'Ruby'],
    [(t) => t.endsWith('Pipfile.lock'), 'Python'],
    [(t) => t.endsWith('Cargo.lock'), 'Rust'],
    [(t) => t.endsWith('Composer.lock'), 'PHP'],
    [(t) => t.endsWith('go.sum'), 'Go'],
  ];
  const hit = rules.find(([test]) => test(target));
  return hit ? `${hit[1]} Package Vulnerability` : 'Image Vulnerability';
}

function imageFindings(report: Rec): OracleFinding[] {
  if (!Array.isArray(report.Results) || report.Results.length === 0) return [];
  const out: OracleFinding[] = [];
  for (const result of list(report.Results)) {
    const target = result.Target as string;
    for (const v of list(result.Vulnerabilities)) {
      const id = v.VulnerabilityID as string;
      const own = id.startsWith('CVE-')
        ? [
            { type: 'CVE', value: id },
            { type: 'URL', value: `https://nvd.nist.gov/vuln/detail/${id}` },
          ]
        : id.startsWith('NSWG-')
          ? [
              { type: 'NSWG', value: id },
              { type: 'URL', value: 'https://github.com/nodejs/security-wg/tree/master/vuln' },
            ]
          : [];
      out.push({
        name:
          (v.Title as string) || `Vulnerability in Dependency ${str(v.PkgName)} (${str(v.InstalledVersion)})`,
        description: v.Description,
        category: category(target),
        location: report.ArtifactName,
        osi_layer: 'NOT_APPLICABLE',
        severity: scbSeverity(v.Severity),
        mitigation: `Update the affected package ${str(v.PkgName)} to the fixed version: ${str(v.FixedVersion)} or remove the package from the image.`,
        references: [...own, ...urls(v.References)],
        attributes: {
          installedVersion: v.InstalledVersion,
          fixedVersion: v.FixedVersion,
          packageName: v.PkgName,
          vulnerabilityId: id,
          references: v.References,
          foundIn: target,
        },
      });
    }
  }
  return out;
}

const RESULT_KEYS = ['Target', 'Class', 'Type', 'Misconfigurations', 'Vulnerabilities', 'MisconfSummary'];

function kubernetesFindings(report: Rec): OracleFinding[] {
  const extra = Object.keys(report).find((k) => k !== 'ClusterName' && k !== 'Resources');
  if (extra) throw new OracleRejected(`unexpected top-level ${extra}`);
  const resources = list(report.Resources);
  if (resources.length === 0) throw new OracleRejected('no resources');
  const cluster = report.ClusterName;
  const out: OracleFinding[] = [];
  for (const r of resources) {
    let location = `Kind: '${str(r.Kind)}' / Name: '${str(r.Name)}'`;
    if (r.Namespace) location = `Namespace: '${str(r.Namespace)}' / ${location}`;
    if (cluster) location = `Cluster: '${str(cluster)}' / ${location}`;
    for (const result of list(r.Results)) {
      const odd = Object.keys(result).find((k) => !RESULT_KEYS.includes(k));
      if (odd) throw new OracleRejected(`unexpected ${odd} on a result`);
      let foundIn = `Target: '${str(result.Target)}'`;
      if (result.Class) foundIn += ` / Class: '${str(result.Class)}'`;
      if (result.Type) foundIn += ` / Type: '${str(result.Type)}'`;
      const kinds: [string, string][] = [
        ['Vulnerabilities', 'Vulnerability'],
        ['Misconfigurations', 'Misconfiguration'],
      ];
      for (const [key, cat] of kinds) {
        for (const item of list(result[key])) {
          const primary = item.PrimaryURL as string | undefined;
          let name = `Finding in Dependency ${str(item.PkgName)} (${str(item.InstalledVersion)})`;
          if (item.Title) name = item.Message ? `${str(item.Title)}(${str(item.Message)})` : str(item.Title);
          out.push({
            name,
            description: item.Description || item.Message,
            category: cat,
            location,
            severity: scbSeverity(item.Severity),
            mitigation: item.Resolution ? item.Resolution : undefined,
            references: [
              ...(primary ? [{ type: 'URL', value: primary }] : []),
              ...urls(item.References).filter((u) => u.value !== primary),
            ],
            attributes: {
              installedVersion: item.InstalledVersion,
              fixedVersion: item.FixedVersion,
              packageName: item.PkgName,
              id: item.VulnerabilityID ? item.VulnerabilityID : item.ID,
              references: item.References,
              foundIn,
            },
          });
        }
      }
    }
  }
  return out;
}

/** secureCodeBox's findings for the report text; throws OracleRejected where it refuses it. */
export function trivyOracle(text: string): OracleFinding[] {
  if (!(text.includes('{') && text.includes('}'))) return [];
  const report = JSON.parse(text) as unknown;
  const root = asRec(report);
  if (!Array.isArray(report) && Object.hasOwn(root, 'ClusterName')) return kubernetesFindings(root);
  return imageFindings(root);
}
