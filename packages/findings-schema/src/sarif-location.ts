import type { Finding } from './finding.js';
import { normalizePath } from './fingerprint.js';
import { locationToText } from './location-text.js';
import type { SarifLocation } from './sarif-types.js';

export interface SarifLocationOptions {
  /** Absolute prefix to strip from source paths so URIs are relative to the repository root. */
  sourceRoot?: string;
  /**
   * File to anchor findings that have no file of their own (a URL, a host, a package without a
   * manifest path): GitHub code scanning shows only results with a physical location.
   */
  defaultArtifactUri?: string;
}

/**
 * Where a finding is, as SARIF: source findings get their repository-relative file and region;
 * package findings the manifest or lock file they were found in (line 1), and a logical location
 * naming the package; URL and host findings a logical location, anchored to `defaultArtifactUri`
 * when one is given.
 */
export function toSarifLocation(f: Finding, opts: SarifLocationOptions): SarifLocation {
  const loc = f.location;
  if (loc?.kind === 'source') {
    const startLine = loc.startLine && loc.startLine > 0 ? loc.startLine : 1;
    const region: NonNullable<SarifLocation['physicalLocation']>['region'] = { startLine };
    if (loc.endLine && loc.endLine >= startLine) region.endLine = loc.endLine;
    if (loc.column && loc.column > 0) region.startColumn = loc.column;
    const multiLine = (region.endLine ?? startLine) > startLine;
    if (loc.endColumn && (multiLine || loc.endColumn > (loc.column ?? 0))) region.endColumn = loc.endColumn;
    if (loc.snippet && !f.secret) region.snippet = { text: loc.snippet };
    return { physicalLocation: { artifactLocation: artifact(loc.file, opts), region } };
  }
  const text = locationToText(loc);
  const logicalLocations = text
    ? [{ name: loc?.kind === 'package' ? loc.name : text, fullyQualifiedName: text, kind: logicalKind(f) }]
    : undefined;
  const file =
    loc?.kind === 'package' && loc.path && looksLikeFile(loc.path) ? loc.path : opts.defaultArtifactUri;
  return {
    ...(file
      ? { physicalLocation: { artifactLocation: artifact(file, opts), region: { startLine: 1 } } }
      : {}),
    ...(logicalLocations ? { logicalLocations } : {}),
    ...(text ? { message: { text } } : {}),
  };
}

function logicalKind(f: Finding): string {
  switch (f.location?.kind) {
    case 'package':
      return 'package';
    case 'url':
      return 'url';
    default:
      return 'resource';
  }
}

/** A lock file or manifest path, not an image name such as `alpine:3.18 (alpine 3.18.4)`. */
function looksLikeFile(p: string): boolean {
  return !/\s/.test(p) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && !/:[\w.-]+$/.test(p);
}

function artifact(file: string, opts: SarifLocationOptions): { uri: string; uriBaseId?: string } {
  let p = normalizePath(file);
  const root = opts.sourceRoot ? normalizePath(opts.sourceRoot).replace(/\/+$/, '') : undefined;
  if (root && p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
  const drive = /^[A-Za-z]:\//.test(p) ? p.slice(0, 2) : '';
  const uri = drive + p.slice(drive.length).split('/').map(encodeURIComponent).join('/');
  if (drive) return { uri: `file:///${uri}` };
  return p.startsWith('/') ? { uri: `file://${uri}` } : { uri, uriBaseId: '%SRCROOT%' };
}
