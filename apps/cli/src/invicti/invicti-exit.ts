import type { InvictiRunErrorCode, InvictiRunOutcome } from '@scanrelay/invicti-run';
import { EXIT } from '../cli-error.js';

/**
 * The one place an Invicti run becomes an exit code (DESIGN.md): 0 launched or completed; 2 launch
 * failed or invalid configuration (settings, credentials, an id that points nowhere); 3 the scan did
 * not complete successfully (including a lookup Invicti could not answer); 130 interrupted.
 */
export function exitForOutcome(outcome: InvictiRunOutcome): number {
  if (outcome.kind === 'incomplete') return EXIT.incomplete;
  if (outcome.kind === 'interrupted') return EXIT.interrupted;
  return EXIT.ok;
}

const ERROR_EXITS: Record<InvictiRunErrorCode, number> = {
  invalid_settings: EXIT.usage,
  credentials_rejected: EXIT.usage,
  launch_failed: EXIT.usage,
  not_found: EXIT.usage,
  lookup_failed: EXIT.incomplete,
};

export function exitForRunError(code: InvictiRunErrorCode): number {
  return ERROR_EXITS[code];
}
