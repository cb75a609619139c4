import { createRunClient } from './create-run-client.js';
import type { InvictiRunOutcome } from './invicti-run-outcome.js';
import type { InvictiSettings } from './invicti-settings.js';
import { runInvictiScan } from './run-invicti-scan.js';
import type { RunInvictiOptions } from './run-options.js';

/**
 * One Invicti run, from resolved settings to its outcome: `scan` launches (and, unless fire-and-forget,
 * waits and collects), `issues` collects a finished scan. Files go to `settings.outputDir`; nothing is
 * printed. Configuration, credential, launch and lookup failures throw InvictiRunError; other
 * failures of a launched scan are an `incomplete` outcome.
 */
export async function runInvicti(
  settings: InvictiSettings,
  options: RunInvictiOptions = {},
): Promise<InvictiRunOutcome> {
  const client = createRunClient(settings, { fetch: options.fetch, onRetry: options.onRetry });
  return settings.action === 'scan'
    ? runInvictiScan(client, settings, options)
    : (await import('./run-invicti-issues.js')).runInvictiIssues(client, settings, options);
}
