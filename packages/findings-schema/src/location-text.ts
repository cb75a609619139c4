import type { Location, PackageLocation } from './location.js';

/**
 * A location as one line of text, the way secureCodeBox findings write it:
 * source `file:line` (`file:start-end` for a range, `file` without a line), package its purl or
 * `name@version`, url the URL, host `protocol://host:port` (protocol `tcp` when unknown).
 */
export function locationToText(loc: Location | undefined): string | undefined {
  if (!loc) return undefined;
  switch (loc.kind) {
    case 'source': {
      if (loc.startLine === undefined || loc.startLine === 0) return loc.file;
      const end = loc.endLine !== undefined && loc.endLine > loc.startLine ? `-${loc.endLine}` : '';
      return `${loc.file}:${loc.startLine}${end}`;
    }
    case 'package':
      return loc.purl ?? (loc.version ? `${loc.name}@${loc.version}` : loc.name);
    case 'url':
      return loc.url;
    case 'host': {
      const host = loc.host.includes(':') && !loc.host.startsWith('[') ? `[${loc.host}]` : loc.host;
      return `${(loc.protocol ?? 'tcp').toLowerCase()}://${host}${loc.port !== undefined ? `:${loc.port}` : ''}`;
    }
  }
}

const HOST_SCHEMES = new Set([
  'tcp',
  'udp',
  'ssh',
  'ftp',
  'smtp',
  'ldap',
  'ldaps',
  'mysql',
  'postgres',
  'redis',
]);

/**
 * Reads a location back from text: the inverse of `locationToText` where the text is unambiguous.
 * Returns undefined for text that is none of these (an image name, free text).
 */
export function locationFromText(text: string | null | undefined): Location | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  if (t.startsWith('pkg:')) return packageFromPurl(t);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(t)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return { kind: 'url', url: t };
  if (scheme === 'file') return sourceFromText(decodeURI(t.replace(/^file:\/\//i, '')));
  if (scheme && HOST_SCHEMES.has(scheme)) {
    try {
      const u = new URL(t);
      const host = u.hostname.replace(/^\[|\]$/g, '');
      if (host) return { kind: 'host', host, port: u.port ? Number(u.port) : undefined, protocol: scheme };
    } catch {
      return undefined;
    }
  }
  if (scheme) return undefined;
  // `x:12` is always read as a file and line: hosts are written with a scheme.
  if (/^.+?:\d+(?:-\d+)?$/.test(t)) return sourceFromText(t);
  const pkg = /^(@?[^@\s/][^@\s]*)@([^@\s]+)$/.exec(t);
  if (pkg?.[1] && pkg[2]) return { kind: 'package', name: pkg[1], version: pkg[2] };
  return undefined;
}

function sourceFromText(t: string): Location {
  const m = /^(.+?):(\d+)(?:-(\d+))?$/.exec(t);
  if (!m?.[1]) return { kind: 'source', file: t };
  const startLine = Number(m[2]);
  const endLine = m[3] !== undefined ? Number(m[3]) : undefined;
  return { kind: 'source', file: m[1], startLine, ...(endLine !== undefined ? { endLine } : {}) };
}

/** `pkg:npm/%40scope/name@1.2.3?x=y` -> name `@scope/name`, version `1.2.3`, ecosystem `npm`. */
export function packageFromPurl(purl: string): PackageLocation {
  const body = purl.slice(4).split(/[?#]/)[0] ?? '';
  const at = body.lastIndexOf('@');
  const path = at > 0 ? body.slice(0, at) : body;
  const version = at > 0 ? safeDecode(body.slice(at + 1)) : undefined;
  const [ecosystem, ...rest] = path.split('/');
  const name = rest.map(safeDecode).join('/') || safeDecode(path);
  return {
    kind: 'package',
    name,
    ...(version ? { version } : {}),
    purl,
    ...(ecosystem ? { ecosystem } : {}),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
