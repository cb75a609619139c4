import type { Finding } from './finding.js';
import { locationToText } from './location-text.js';

/** What one scanner's secureCodeBox parser writes differently from the generic mapping. */
export interface ScbConvention {
  name?: (f: Finding) => string;
  category?: (f: Finding) => string;
  location?: (f: Finding) => string | undefined;
  mitigation?: (f: Finding) => string | undefined;
  /** Extra attributes under the names secureCodeBox's own parser uses. */
  attributes?: (f: Finding) => Record<string, unknown>;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const attr = (f: Finding, key: string): string | undefined => str(f.attributes[key]);
const pkg = (f: Finding) => (f.location?.kind === 'package' ? f.location : undefined);
const url = (f: Finding) => (f.location?.kind === 'url' ? f.location : undefined);

/** secureCodeBox's trivy parser names the category after the lock file a package came from. */
export function trivyPackageCategory(target: string | undefined): string {
  const t = target ?? '';
  if (
    t.endsWith('package-lock.json') ||
    t.endsWith('yarn.lock') ||
    t.endsWith('pnpm-lock.yaml') ||
    t === 'Node.js'
  )
    return 'NPM Package Vulnerability';
  if (t.endsWith('Gemfile.lock')) return 'Ruby Package Vulnerability';
  if (t.endsWith('Pipfile.lock') || t.endsWith('poetry.lock') || t === 'Python')
    return 'Python Package Vulnerability';
  if (t.endsWith('Cargo.lock')) return 'Rust Package Vulnerability';
  if (t.toLowerCase().endsWith('composer.lock')) return 'PHP Package Vulnerability';
  if (t.endsWith('go.sum') || t.endsWith('go.mod')) return 'Go Package Vulnerability';
  // Not in secureCodeBox's list (which would say "Image Vulnerability"): Java manifests and archives.
  if (/(pom\.xml|gradle\.lockfile|\.jar|\.war|\.ear)$/.test(t)) return 'Java Package Vulnerability';
  return 'Image Vulnerability';
}

const isKubernetes = (f: Finding) =>
  ['resource', 'clusterName'].some((k) => attr(f, k) !== undefined) || attr(f, 'type') === 'kubernetes';

/**
 * The conventions of the parsers secureCodeBox ships (scanners/<tool>/parser/parser.js), keyed by
 * our parser id. Documented in this package's README.
 */
export const scbConventions: Readonly<Record<string, ScbConvention>> = {
  trivy: {
    // secureCodeBox: the vulnerability's title, else "Vulnerability in Dependency <pkg> (<version>)".
    name: (f) => {
      const p = pkg(f);
      if (!p) return f.name;
      return attr(f, 'title') ?? `Vulnerability in Dependency ${p.name} (${p.version ?? 'unknown version'})`;
    },
    category: (f) => {
      const p = pkg(f);
      if (p) return trivyPackageCategory(p.path ?? attr(f, 'target'));
      if (f.secret) return 'Potential Secret';
      return isKubernetes(f) ? 'Kubernetes Misconfiguration' : 'Misconfiguration';
    },
    // secureCodeBox locates a package vulnerability at the scanned image (or repository).
    location: (f) => (pkg(f) ? attr(f, 'artifactName') : undefined) ?? locationToText(f.location),
    mitigation: (f) => {
      const p = pkg(f);
      if (f.mitigation || !p?.fixedVersion) return f.mitigation;
      return `Update the affected package ${p.name} to the fixed version: ${p.fixedVersion} or remove the package from the image.`;
    },
    attributes: (f) => {
      const p = pkg(f);
      if (!p) return {};
      return {
        packageName: p.name,
        installedVersion: p.version,
        fixedVersion: p.fixedVersion,
        vulnerabilityId: f.ruleId,
        foundIn: p.path ?? attr(f, 'target'),
      };
    },
  },
  semgrep: {
    // secureCodeBox names a semgrep finding after its rule id and uses the rule's metadata category.
    name: (f) => f.ruleId,
    category: (f) => attr(f, 'ruleCategory') ?? 'semgrep-result',
  },
  gitleaks: {
    category: () => 'Potential Secret',
    attributes: (f) => ({
      file: f.location?.kind === 'source' ? f.location.file : undefined,
      line_number: f.location?.kind === 'source' ? f.location.startLine : undefined,
      commit: attr(f, 'commit'),
    }),
  },
  zap: {
    // One finding per alert; the category is the alert title and the location the site.
    category: (f) => attr(f, 'alert') ?? f.name,
    location: (f) => attr(f, 'site') ?? url(f)?.url ?? locationToText(f.location),
    attributes: (f) => ({
      zap_pluginid: attr(f, 'pluginId') ?? f.ruleId,
      zap_confidence: f.attributes.confidence ?? f.confidence,
      zap_riskcode: f.attributes.riskcode,
      zap_cweid: f.cwe[0]?.slice(4),
      zap_wascid: f.attributes.wascid,
      zap_count: f.occurrences,
      zap_finding_urls: f.attributes.instances,
    }),
  },
  nuclei: {
    // secureCodeBox uses the template id as the category and the scanned host as the location.
    category: (f) => attr(f, 'templateId') ?? attr(f, 'template-id') ?? f.ruleId,
    location: (f) => attr(f, 'host') ?? url(f)?.url ?? locationToText(f.location),
    attributes: (f) => ({ template_id: attr(f, 'templateId') ?? f.ruleId, matched_at: attr(f, 'matchedAt') }),
  },
};
