import { DispatchError } from './dispatch-error.js';

/** The body of a scanner worker's `POST /scan` (a strict object: nothing else is accepted). */
export interface ScanRequestBody {
  repoUrl: string;
  ref?: string;
  project: string;
  provider: string;
  callbackUrl: string;
  scanId: string;
}

const REQUIRED = ['repoUrl', 'project', 'provider', 'callbackUrl', 'scanId'] as const;
const OPTIONAL = ['ref'] as const;
const KNOWN: ReadonlySet<string> = new Set([...REQUIRED, ...OPTIONAL]);

/**
 * The payload as the scanner worker's request body, checked before anything is sent: the worker
 * refuses unknown keys (its schema is strict), so an extra key is a caller's mistake, said here.
 */
export function scanRequestBody(payload: Record<string, string>): ScanRequestBody {
  const unknown = Object.keys(payload).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0) {
    throw new DispatchError(
      'dispatch_payload_invalid',
      `a scanner worker request takes ${[...KNOWN].join(', ')}; unexpected: ${unknown.join(', ')}`,
    );
  }
  for (const key of REQUIRED) {
    const value = payload[key];
    if (typeof value !== 'string' || value.length === 0)
      throw new DispatchError('dispatch_payload_invalid', `a scanner worker request needs a "${key}" string`);
  }
  if (payload.ref !== undefined && (typeof payload.ref !== 'string' || payload.ref.length === 0))
    throw new DispatchError('dispatch_payload_invalid', '"ref" must be a non-empty string when given');
  const body: ScanRequestBody = {
    repoUrl: payload.repoUrl as string,
    project: payload.project as string,
    provider: payload.provider as string,
    callbackUrl: payload.callbackUrl as string,
    scanId: payload.scanId as string,
  };
  if (payload.ref !== undefined) body.ref = payload.ref;
  return body;
}
