/** A package as Xray names it in a component id: `pypi://Jinja2:2.11.2`, `gav://org.x:lib:1.0`. */
export interface XrayComponent {
  ecosystem: string;
  name: string;
  version?: string;
  purl?: string;
  /** For OS packages (`deb://debian:bullseye:openssl:1.1.1n`): the distribution part. */
  distro?: string;
}

/** Xray's OS package types, whose ids carry the distribution before the package name. */
const OS_TYPES = new Set(['deb', 'rpm', 'alpine']);

/** Package URL type per Xray package type (`gav` is Maven, `go` is golang). */
const PURL_TYPES: Readonly<Record<string, string>> = {
  npm: 'npm',
  pypi: 'pypi',
  gav: 'maven',
  maven: 'maven',
  go: 'golang',
  nuget: 'nuget',
  gem: 'gem',
  composer: 'composer',
  cargo: 'cargo',
  conan: 'conan',
  docker: 'docker',
};

function purlOf(type: string, name: string, version: string | undefined): string | undefined {
  const purlType = PURL_TYPES[type];
  if (!purlType || !version) return undefined;
  const at = `@${encodeURIComponent(version)}`;
  if (purlType === 'maven') {
    const colon = name.lastIndexOf(':');
    if (colon <= 0) return undefined;
    return `pkg:maven/${encodeURIComponent(name.slice(0, colon))}/${encodeURIComponent(name.slice(colon + 1))}${at}`;
  }
  const encoded = name
    .split('/')
    .map((p) => encodeURIComponent(purlType === 'pypi' ? p.toLowerCase() : p))
    .join('/');
  return `pkg:${purlType}/${encoded}${at}`;
}

/**
 * Splits an Xray component id: the part before `://` is the package type, the last `:`-separated part
 * the version, the rest the name (as DefectDojo reads it); OS packages drop their distribution prefix
 * from the name. An id without `://` is read as `name:version` of an unknown type.
 */
export function xrayComponent(id: string, packageType?: string): XrayComponent {
  const scheme = id.indexOf('://');
  const type = scheme > 0 ? id.slice(0, scheme).toLowerCase() : (packageType?.toLowerCase() ?? '');
  const rest = scheme > 0 ? id.slice(scheme + 3) : id;
  const parts = rest.split(':');
  const version = parts.length > 1 ? parts.pop() : undefined;
  let name = parts.join(':');
  let distro: string | undefined;
  if (OS_TYPES.has(type) && parts.length > 1) {
    name = parts.pop() ?? name;
    distro = parts.join(':');
  }
  if (name === '') name = rest;
  return {
    ecosystem: type || 'unknown',
    name,
    version: version || undefined,
    purl: purlOf(type, name, version || undefined),
    distro,
  };
}
