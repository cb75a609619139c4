import type { InvictiError } from '@scanrelay/invicti-client';
import { CliError, EXIT } from '../cli-error.js';
import type { InvictiConfig } from './invicti-config.js';

/**
 * Recognises the client's errors without importing the client, so this module (and the CLI start-up)
 * does not load it: every InvictiError subclass is named Invicti…Error and carries a string code.
 */
export function isInvictiError(e: unknown): e is InvictiError {
  return (
    e instanceof Error &&
    /^Invicti[A-Za-z]*Error$/.test(e.name) &&
    typeof (e as { code?: unknown }).code === 'string'
  );
}

/**
 * The one place an Invicti failure becomes an exit code: bad credentials and a refused launch are
 * configuration problems (2); anything that stops a launched scan from giving its result is 3.
 * Other errors pass through unchanged.
 */
export function invictiFailure(
  error: unknown,
  cfg: InvictiConfig,
  phase: 'launch' | 'wait' | 'issues' | 'lookup',
): unknown {
  if (!isInvictiError(error)) return error;
  const message = error.message.replace(/^@scanrelay\/invicti-client: /, '');
  if (error.code === 'unauthorized' || error.code === 'forbidden') {
    return new CliError(`${message} (credentials from ${cfg.credentialSource})`, EXIT.usage, {
      cause: error,
    });
  }
  if (phase === 'launch')
    return new CliError(`launching the scan failed: ${message}`, EXIT.usage, { cause: error });
  if (phase === 'lookup') {
    const hint = error.code === 'not_found' ? ': check --scan-id / SCB_SCAN__ID, --website-id and --url' : '';
    return new CliError(
      `${message}${hint}`,
      error.code === 'not_found' || error.code === 'bad_request' ? EXIT.usage : EXIT.incomplete,
      { cause: error },
    );
  }
  return new CliError(
    phase === 'wait' ? `waiting for the scan failed: ${message}` : `fetching the issues failed: ${message}`,
    EXIT.incomplete,
    {
      cause: error,
    },
  );
}
