import { isIP } from 'node:net';
import type { Finding } from '@scanrelay/findings-schema';
import type { PhoenixAssetType } from '../destination-config.js';

/** The asset a finding belongs to: its type and the attributes Phoenix identifies it by. */
export interface PhoenixAssetRef {
  assetType: PhoenixAssetType;
  attributes: Record<string, string>;
}

const MANIFEST_EXTENSIONS = new Set([
  'json',
  'lock',
  'toml',
  'txt',
  'xml',
  'gradle',
  'kts',
  'mod',
  'sum',
  'yaml',
  'yml',
  'cfg',
  'csproj',
  'gemspec',
]);
const MANIFEST_NAMES = new Set(['gemfile', 'pipfile', 'podfile', 'go.mod', 'pom.xml', 'cargo.lock']);

/** A lock file or manifest (a package found in one belongs to a BUILD asset), not an image name. */
function isManifestPath(path: string): boolean {
  const p = path.trim();
  const base = p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1).toLowerCase();
  if (base.includes(' ') || base.includes(':')) return false;
  if (MANIFEST_NAMES.has(base)) return true;
  const dot = base.lastIndexOf('.');
  return dot > 0 && MANIFEST_EXTENSIONS.has(base.slice(dot + 1));
}

/** `alpine:3.19`, `ghcr.io/org/app@sha256:…`: a tag or a digest, and not a file system path. */
function looksLikeImage(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('/') || name.includes(' ')) return false;
  return name.includes('@sha256:') || name.slice(name.lastIndexOf('/') + 1).includes(':');
}

function stringAttr(f: Finding, key: string): string | undefined {
  const v = f.attributes[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '') || undefined;
  } catch {
    return undefined;
  }
}

/** The asset type a finding's location implies, and the name it is grouped under. */
function inferred(f: Finding, project: string): { type: PhoenixAssetType; anchor: string } {
  const loc = f.location;
  const repository = stringAttr(f, 'repository') ?? project;
  switch (loc?.kind) {
    case 'package': {
      const artifact = stringAttr(f, 'artifactName');
      const image = artifact && looksLikeImage(artifact) ? artifact : undefined;
      if (image || stringAttr(f, 'class') === 'os-pkgs')
        return { type: 'CONTAINER', anchor: image ?? artifact ?? loc.path ?? project };
      if (loc.path && isManifestPath(loc.path)) return { type: 'BUILD', anchor: loc.path };
      return { type: 'CONTAINER', anchor: loc.path ?? artifact ?? project };
    }
    case 'source':
      return { type: 'REPOSITORY', anchor: repository };
    case 'url':
      return { type: 'WEB', anchor: hostOf(loc.url) ?? loc.url };
    case 'host':
      return { type: 'INFRA', anchor: loc.host };
    default:
      return { type: 'REPOSITORY', anchor: repository };
  }
}

/** The attributes Phoenix requires for an asset of this type, named by `anchor`. */
function attributesFor(type: PhoenixAssetType, anchor: string): Record<string, string> {
  switch (type) {
    case 'CONTAINER':
      return { dockerfile: anchor };
    case 'BUILD':
      return { buildFile: anchor };
    case 'REPOSITORY':
      return { repository: anchor };
    case 'CODE':
      return { scannerSource: anchor, repository: anchor };
    case 'WEB':
      return isIP(anchor) ? { ip: anchor } : { fqdn: anchor };
    case 'INFRA':
      return isIP(anchor) ? { ip: anchor, hostname: anchor } : { hostname: anchor };
    case 'CLOUD':
      // Findings carry no cloud account: refused before anything is sent (see create-phoenix-sink).
      return {};
  }
}

/**
 * The Phoenix asset of a finding: a package under its image (CONTAINER) or manifest (BUILD), a
 * source finding under its repository (REPOSITORY), a URL under its site (WEB), a host under INFRA.
 * `override` (the upload's or the destination's asset type) keeps the grouping name, changes the type.
 */
export function phoenixAssetOf(f: Finding, project: string, override?: PhoenixAssetType): PhoenixAssetRef {
  const { type, anchor } = inferred(f, project);
  const assetType = override ?? type;
  return { assetType, attributes: attributesFor(assetType, anchor) };
}
