/** Invicti Enterprise cloud (US); EU is `https://eu.netsparker.cloud`, on-premises any host. */
export const INVICTI_CLOUD_URL = 'https://www.netsparkercloud.com';

const API_PATH = 'api/1.0/';

/**
 * The API root for an Invicti host or API URL: `https://host`, `https://host/`, `https://host/api/1.0`
 * and `https://host/prefix/api/1.0/` all give `…/api/1.0/`. Only http(s), no credentials in the URL
 * (they go in the Authorization header), no query or fragment. Throws TypeError on misuse.
 */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new TypeError(
      `@scanrelay/invicti-client: baseUrl: expected an http(s) URL such as ${INVICTI_CLOUD_URL}, got ${JSON.stringify(input)}`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(
      `@scanrelay/invicti-client: baseUrl: expected http or https, got ${url.protocol.replace(':', '')}`,
    );
  }
  if (url.username || url.password) {
    throw new TypeError(
      '@scanrelay/invicti-client: baseUrl: credentials in the URL are refused; pass userId and apiToken',
    );
  }
  if (url.search || url.hash) {
    throw new TypeError('@scanrelay/invicti-client: baseUrl: expected no query string or fragment');
  }
  let path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  if (!/\/api\/1\.0\/$/i.test(path)) path = `${path}${API_PATH}`;
  return `${url.origin}${path}`;
}
