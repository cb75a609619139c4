import type { Finding } from '../finding.js';
import type { ScbReference } from '../securecodebox-finding.js';
import { attr, pkg, type ScbConvention } from './convention.js';

/**
 * secureCodeBox's trivy parser (scanners/trivy/parser/parser.js, the version that reads Kubernetes
 * reports), from our canonical finding and the raw fields the trivy parser keeps in `attributes`.
 *
 * It reads two shapes: an object with `Results` (image, fs, repo scans: Vulnerabilities only) and a
 * Kubernetes report (`ClusterName` + `Resources`: Vulnerabilities and Misconfigurations). Anything
 * else (the legacy array, pre-0.40 Kubernetes reports, secrets, licenses, misconfigurations of
 * non-Kubernetes scans) it does not emit, so those keep the generic mapping.
 */

/** The category secureCodeBox gives a vulnerability, after the result's Target. */
export function trivyPackageCategory(target: string | undefined): string {
  const t = target ?? '';
  if (t.endsWith('package-lock.json') || t === 'Node.js') return 'NPM Package Vulnerability';
  if (t.endsWith('Gemfile.lock')) return 'Ruby Package Vulnerability';
  if (t.endsWith('Pipfile.lock')) return 'Python Package Vulnerability';
  if (t.endsWith('Cargo.lock')) return 'Rust Package Vulnerability';
  // Case-sensitive as upstream, so a real `composer.lock` stays an image vulnerability.
  if (t.endsWith('Composer.lock')) return 'PHP Package Vulnerability';
  if (t.endsWith('go.sum')) return 'Go Package Vulnerability';
  return 'Image Vulnerability';
}

const shape = (f: Finding) => attr(f, 'reportShape');
const isVulnerability = (f: Finding) => f.category !== 'License' && pkg(f) !== undefined;
const isKubernetes = (f: Finding) => shape(f) === 'k8s';
/** JavaScript's template text for a missing value, which secureCodeBox writes as is. */
const text = (v: string | undefined) => v ?? 'undefined';

function appliesTo(f: Finding): boolean {
  if (shape(f) === 'results') return isVulnerability(f);
  return isKubernetes(f) && (isVulnerability(f) || f.category === 'IaC');
}

/** Trivy's Description: ours falls back to the Title when it is missing, secureCodeBox's does not. */
function rawDescription(f: Finding): string | undefined {
  const d = f.description;
  if (d === undefined || (isVulnerability(f) && d === attr(f, 'title'))) return undefined;
  const message = attr(f, 'message');
  // Our misconfiguration description is "<Description>\n\n<Message>".
  if (!isVulnerability(f) && message && d.endsWith(`\n\n${message}`))
    return d.slice(0, -(message.length + 2));
  if (!isVulnerability(f) && d === message) return undefined;
  return d;
}

const rawReferences = (f: Finding): unknown[] | undefined =>
  Array.isArray(f.attributes.references) ? f.attributes.references : undefined;
const urlReferences = (refs: unknown[] | undefined): ScbReference[] =>
  (refs ?? [])
    .filter((r): r is string => typeof r === 'string' && r.startsWith('http'))
    .map((value) => ({ type: 'URL', value }));

function imageReferences(f: Finding): ScbReference[] {
  const id = f.ruleId;
  const own: ScbReference[] = id.startsWith('CVE-')
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
  return [...own, ...urlReferences(rawReferences(f))];
}

function kubernetesReferences(f: Finding): ScbReference[] {
  const primary = attr(f, 'primaryUrl');
  const rest = urlReferences(rawReferences(f)).filter((r) => r.value !== primary);
  return primary ? [{ type: 'URL', value: primary }, ...rest] : rest;
}

function kubernetesName(f: Finding): string {
  const title = attr(f, 'title');
  if (!title) {
    const p = pkg(f);
    return `Finding in Dependency ${text(p?.name)} (${text(p?.version)})`;
  }
  const message = attr(f, 'message');
  return message ? `${title}(${message})` : title;
}

function kubernetesLocation(f: Finding): string {
  let location = `Kind: '${text(attr(f, 'kind'))}' / Name: '${text(attr(f, 'resourceName'))}'`;
  const namespace = attr(f, 'namespace');
  if (namespace) location = `Namespace: '${namespace}' / ${location}`;
  const cluster = attr(f, 'clusterName');
  if (cluster) location = `Cluster: '${cluster}' / ${location}`;
  return location;
}

function kubernetesFoundIn(f: Finding): string {
  let foundIn = `Target: '${text(attr(f, 'target'))}'`;
  const clazz = attr(f, 'class');
  if (clazz) foundIn += ` / Class: '${clazz}'`;
  const type = attr(f, 'type');
  if (type) foundIn += ` / Type: '${type}'`;
  return foundIn;
}

export const trivyConvention: ScbConvention = {
  appliesTo,
  name: (f) => {
    if (isKubernetes(f)) return kubernetesName(f);
    const p = pkg(f);
    return attr(f, 'title') ?? `Vulnerability in Dependency ${text(p?.name)} (${text(p?.version)})`;
  },
  category: (f) => {
    if (isKubernetes(f)) return isVulnerability(f) ? 'Vulnerability' : 'Misconfiguration';
    return trivyPackageCategory(attr(f, 'target'));
  },
  location: (f) => {
    if (isKubernetes(f)) return kubernetesLocation(f);
    const artifact = f.attributes.artifactName;
    return typeof artifact === 'string' ? artifact : undefined;
  },
  osiLayer: (f) => (isKubernetes(f) ? undefined : 'NOT_APPLICABLE'),
  description: (f) => rawDescription(f) ?? (isKubernetes(f) ? attr(f, 'message') : undefined),
  mitigation: (f) => {
    if (isKubernetes(f)) return isVulnerability(f) ? undefined : f.mitigation;
    const p = pkg(f);
    return `Update the affected package ${text(p?.name)} to the fixed version: ${text(p?.fixedVersion)} or remove the package from the image.`;
  },
  references: (f) => (isKubernetes(f) ? kubernetesReferences(f) : imageReferences(f)),
  identifiedAt: () => undefined,
  attributes: (f) => {
    const p = pkg(f);
    const kubernetes = isKubernetes(f);
    return {
      installedVersion: p?.version,
      fixedVersion: p?.fixedVersion,
      packageName: p?.name,
      [kubernetes ? 'id' : 'vulnerabilityId']: f.ruleId,
      references: rawReferences(f),
      foundIn: kubernetes ? kubernetesFoundIn(f) : attr(f, 'target'),
    };
  },
};
