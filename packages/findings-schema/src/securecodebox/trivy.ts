import type { Finding } from '../finding.js';
import { locationToText } from '../location-text.js';
import { attr, pkg, type ScbConvention } from './convention.js';

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

/** secureCodeBox's trivy parser (scanners/trivy/parser/parser.js), from our canonical finding. */
export const trivyConvention: ScbConvention = {
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
};
