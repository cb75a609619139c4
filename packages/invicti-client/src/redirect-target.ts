import { InvictiHttpError, type RedactedRequest } from './invicti-error.js';
import type { Answer } from './transport.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** More hops than this is a loop. */
const MAX_REDIRECTS = 5;

/**
 * Where to go after a redirect answer, or undefined when the answer is not a redirect. Only a GET is
 * followed, and only to the same origin: a redirect to another host, port or scheme would carry the
 * Basic credentials there (and past the operator's choice of Invicti host), so it is refused with a
 * `redirect_refused` error naming the origin, never the rest of the location.
 */
export function redirectTarget(
  answer: Answer,
  from: URL,
  hops: number,
  request: RedactedRequest,
): URL | undefined {
  if (!REDIRECT_STATUSES.has(answer.status)) return undefined;
  // The redirect's own body is never read: free its connection.
  answer.discard();
  const call = `${request.method} ${request.url}`;
  const status = answer.status;
  const location = answer.header('location');
  let to: URL | undefined;
  try {
    to = location ? new URL(location, from) : undefined;
  } catch {
    to = undefined;
  }
  const refuse = (why: string) =>
    new InvictiHttpError('redirect_refused', `Invicti answered ${status} for ${call}: ${why}`, {
      status,
      request,
      retryable: false,
    });
  if (!to) throw refuse('a redirect without a usable Location');
  if (to.origin !== from.origin) {
    throw refuse(
      `a redirect to another origin (${to.origin}) is refused so that the credentials stay with ${from.origin}; set the Invicti URL to the address it redirects to if that is intended`,
    );
  }
  if (request.method !== 'GET') throw refuse(`a redirect of a ${request.method} is not followed`);
  if (hops >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
  return to;
}
