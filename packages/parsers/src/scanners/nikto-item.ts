import type { Finding } from '@scanrelay/findings-schema';
import { toFinding } from './support/to-finding.js';

export const NIKTO_SCANNER = 'nikto';
const TOOL = { id: NIKTO_SCANNER, name: 'Nikto' } as const;
/** Longest finding name: Nikto's messages are one or two sentences, a hostile one is cut. */
const MAX_NAME = 500;

/** One Nikto item as both formats give it. */
export interface NiktoItem {
  /** Nikto test id (`999100`). */
  id: string;
  /** OSVDB id; `0` or absent when the test has none. */
  osvdb?: string;
  method?: string;
  /** The item's path (`/robots.txt`) or full URL. */
  uri?: string;
  /** The full URL Nikto gives (XML `namelink`), preferred to host + port + uri. */
  fullUrl?: string;
  /** The same URL with the IP address (XML `iplink`). */
  ipUrl?: string;
  message: string;
  references?: string;
}

/** The scanned host, from XML `scandetails` or the JSON host object. */
export interface NiktoHost {
  host?: string;
  ip?: string;
  port?: string;
  banner?: string;
  startTime?: string;
  version?: string;
  /** The site's base URL (XML `sitename`, `https://www.tdh.com:443/`). */
  siteUrl?: string;
}

/** The text without its trailing slashes (a loop: `/\/+$/` rescans a long run of slashes). */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(0, end);
}

/** `host` + `port` + path as a URL: https on 443 (Nikto tests TLS there), http otherwise. */
function hostUrl(host: NiktoHost, uri: string | undefined): string | undefined {
  if (uri && /^https?:\/\//i.test(uri)) return uri;
  if (host.siteUrl && /^https?:\/\/[^/:]/i.test(host.siteUrl)) {
    const base = withoutTrailingSlashes(host.siteUrl);
    return uri ? `${base}${uri.startsWith('/') ? '' : '/'}${uri}` : `${base}/`;
  }
  const name = host.host || host.ip;
  if (!name) return undefined;
  const port = host.port && /^\d+$/.test(host.port) ? Number(host.port) : undefined;
  const scheme = port === 443 || port === 8443 ? 'https' : 'http';
  const portPart = port === undefined || port === (scheme === 'https' ? 443 : 80) ? '' : `:${port}`;
  const path = uri ? (uri.startsWith('/') ? uri : `/${uri}`) : '/';
  return `${scheme}://${name.includes(':') ? `[${name}]` : name}${portPart}${path}`;
}

/**
 * The message without the `/path: ` prefix Nikto puts before some (2.1.5 XML), nor the `/:` or `: `
 * left where 2.5 strips the path itself.
 */
function ownMessage(message: string, uri: string | undefined): string {
  let m = message.trim();
  if (uri && m.startsWith(`${uri}:`)) m = m.slice(uri.length + 1).trim();
  if (m.startsWith(':')) m = m.slice(1).trim();
  return m === '' ? message.trim() : m;
}

/** The URL without the port its scheme implies (`https://host:443/` → `https://host/`). */
function withoutDefaultPort(url: string): string {
  return url
    .replace(/^(https:\/\/[^/?#]+):443(?=[/?#]|$)/i, '$1')
    .replace(/^(http:\/\/[^/?#]+):80(?=[/?#]|$)/i, '$1');
}

function referenceUrls(text: string | undefined): string[] {
  if (!text) return [];
  return [...new Set(text.split(/[\s,]+/).filter((t) => /^https?:\/\/\S+$/i.test(t)))];
}

/** `2021-04-26 08:33:16` (Nikto's local time, taken as UTC) → ISO. */
function niktoDate(text: string | undefined): string | undefined {
  const m = text ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(text.trim()) : null;
  if (!m) return undefined;
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * A Nikto item as a finding: rule = the Nikto test id, name = the message, URL location. Nikto gives no
 * severity: info, or medium when the test carries an OSVDB id (as DefectDojo does). One Nikto test
 * reports several messages on one URL (999100: one per uncommon header), so the stable id is the test
 * id, method, URL and message together.
 */
export function niktoItemToFinding(
  item: NiktoItem,
  host: NiktoHost,
  where: { path?: string; line?: number },
): Finding {
  const message = ownMessage(item.message, item.uri);
  const given =
    item.fullUrl && /^https?:\/\/[^/:]/i.test(item.fullUrl) ? item.fullUrl : hostUrl(host, item.uri);
  const url = given && withoutDefaultPort(given);
  const osvdb = item.osvdb && item.osvdb !== '0' ? item.osvdb : undefined;
  const method = item.method?.trim().toUpperCase() || undefined;
  return toFinding(NIKTO_SCANNER, where, {
    tool: { ...TOOL, ...(host.version ? { version: host.version } : {}) },
    ruleId: item.id,
    name: message.length > MAX_NAME ? `${message.slice(0, MAX_NAME - 1)}…` : message,
    description: message,
    severity: osvdb ? 'medium' : 'info',
    category: 'DAST',
    location: url ? { kind: 'url', url, method } : undefined,
    references: referenceUrls(item.references),
    identifiedAt: niktoDate(host.startTime),
    stableId: `${item.id} ${method ?? ''} ${url ?? item.uri ?? ''} ${message}`,
    attributes: {
      ...(osvdb ? { osvdb: `OSVDB-${osvdb}` } : {}),
      ...(host.ip ? { ip: host.ip } : {}),
      ...(host.banner ? { banner: host.banner } : {}),
      ...(item.ipUrl && item.ipUrl !== url ? { ipUrl: item.ipUrl } : {}),
    },
  });
}
