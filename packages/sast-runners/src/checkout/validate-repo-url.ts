import {
  isOutboundError,
  type OutboundPolicy,
  type ResolvedOutboundUrl,
  type ResolveOptions,
  resolveOutboundUrl,
} from '@scanrelay/outbound';
import { SastError } from '../sast-error.js';

const MAX_URL_LENGTH = 2048;
/** Git's remote-helper syntax `<transport>::<address>` (`ext::sh -c …`, `fd::3`). */
const TRANSPORT_PREFIX = /^[A-Za-z][A-Za-z0-9+.-]*::/;
const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/;

/** A repository URL that passed `validateRepoUrl`, with the address git is pinned to. */
export interface ValidRepoUrl {
  url: URL;
  /** For git's `http.curloptResolve`: `host:port:address`, so git connects to the address we checked. */
  pin: string;
}

function refuse(reason: string, cause?: unknown): never {
  throw new SastError('invalid_repo_url', `repository URL refused: ${reason}`, { cause });
}

/**
 * Checks a repository URL before git runs: https (http only where the policy allows), no
 * credentials, no remote-helper transports (`ext::`), nothing option-like, and a host that is not
 * private, loopback or link-local unless the policy allows it — checked on the addresses it
 * resolves to. Throws `SastError` `invalid_repo_url` with the reason (never the credentials).
 */
export async function validateRepoUrl(
  repoUrl: string,
  policy: OutboundPolicy,
  options: ResolveOptions = {},
): Promise<ValidRepoUrl> {
  if (typeof repoUrl !== 'string' || repoUrl.length === 0) refuse('it is empty');
  if (repoUrl.length > MAX_URL_LENGTH) refuse(`it is longer than ${MAX_URL_LENGTH} characters`);
  if (repoUrl.startsWith('-')) refuse('it starts with "-" (an option, not a URL)');
  if (CONTROL_OR_SPACE.test(repoUrl)) refuse('it contains whitespace or control characters');
  if (TRANSPORT_PREFIX.test(repoUrl)) refuse('remote-helper transports ("ext::", "fd::", …) are not allowed');
  let resolved: ResolvedOutboundUrl;
  try {
    resolved = await resolveOutboundUrl(repoUrl, policy, options);
  } catch (cause) {
    if (isOutboundError(cause)) refuse(cause.detail, cause);
    throw cause;
  }
  const { url, addresses } = resolved;
  const first = addresses[0];
  if (!first) refuse(`${url.hostname} has no address`);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const address = first.family === 6 ? `[${first.address}]` : first.address;
  return { url, pin: `${url.hostname}:${port}:${address}` };
}
