import * as core from '@actions/core';
import { isClientError } from '@scanrelay/client';
import { isInvictiRunError } from '@scanrelay/invicti-run';
import { isActionError } from './action-error.js';
import { type ActionInputs, readInputs } from './inputs.js';
import { runGate } from './modes/gate.js';
import { runInvictiMode } from './modes/invicti.js';
import { runParse } from './modes/parse.js';
import { runSast } from './modes/sast.js';
import { runUpload } from './modes/upload.js';
import type { ActionOutcome } from './report/action-outcome.js';
import { publishOutcome } from './report/publish-outcome.js';

function runMode(inputs: ActionInputs): Promise<ActionOutcome> {
  switch (inputs.command) {
    case 'upload':
      return runUpload(inputs);
    case 'invicti-scan':
    case 'invicti-issues':
      return runInvictiMode(inputs);
    case 'gate':
      return runGate(inputs);
    case 'parse':
      return runParse(inputs);
    case 'sast':
      return runSast(inputs);
  }
}

/** The message a failure shows: the packages' own details, never a stack trace or a credential. */
function messageOf(err: unknown): string {
  if (isActionError(err)) return err.message;
  if (isClientError(err)) return `scanrelay action: the scanrelay service: ${err.detail}`;
  if (isInvictiRunError(err)) return `scanrelay action: Invicti: ${err.detail}`;
  return `scanrelay action: ${err instanceof Error ? err.message : String(err)}`;
}

/** The Action: inputs for the step's `command`, the mode, then outputs, summary, annotations and exit status. */
export async function runAction(): Promise<void> {
  try {
    const inputs = readInputs();
    await publishOutcome(inputs.command, await runMode(inputs));
  } catch (err) {
    core.setFailed(messageOf(err));
  }
}
