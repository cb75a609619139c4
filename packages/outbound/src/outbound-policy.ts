/**
 * What the operator allows for URLs that API callers supply. Both default to false: https only, and
 * public addresses only.
 */
export interface OutboundPolicy {
  /** Allow private, loopback, link-local and other special addresses (`SCANRELAY_ALLOW_PRIVATE_URLS`). */
  allowPrivateUrls?: boolean;
  /** Allow `http:` besides `https:` (`SCANRELAY_ALLOW_HTTP_URLS`). */
  allowHttp?: boolean;
}
