import path from 'node:path';
import type { InvictiClient, LaunchResult } from '@scanrelay/invicti-client';
import { invictiFailure } from './invicti-failure.js';
import { isInvictiRunError } from './invicti-run-error.js';
import type { InvictiRunOutcome } from './invicti-run-outcome.js';
import type { InvictiScanSettings } from './invicti-settings.js';
import { launchScanRequest } from './launch-scan-request.js';
import type { RunInvictiOptions } from './run-options.js';
import { writeGitHubOutput } from './write-github-output.js';
import { FINDINGS_FILE, METADATA_FILE, noFindings, writeRunOutputs } from './write-run-outputs.js';

/**
 * Launches the scan, then either stops there (fire-and-forget: scan-metadata.json `Launched` and an
 * empty findings.json) or waits, fetches the issues and writes the findings.
 */
export async function runInvictiScan(
  client: InvictiClient,
  settings: InvictiScanSettings,
  options: RunInvictiOptions = {},
): Promise<InvictiRunOutcome> {
  const { signal } = options;
  let launched: LaunchResult;
  try {
    const request = await launchScanRequest(client, settings.target, settings.credentialSource, signal);
    launched = await client.launchScan(request, { signal });
  } catch (e) {
    if (signal?.aborted)
      return {
        kind: 'interrupted',
        phase: 'launch',
        cancelled: false,
        detail: 'interrupted while launching; Invicti may still have created the scan',
      };
    if (isInvictiRunError(e)) throw e;
    invictiFailure(e, 'launch', settings.credentialSource);
    throw e;
  }
  const scanId = launched.scan.Id;
  const meta = {
    scanId,
    target: launched.scan.TargetUrl ?? undefined,
    launchedAt: new Date().toISOString(),
  };
  options.onLaunched?.(launched.scan);
  await writeGitHubOutput(settings.githubOutput, scanId);
  if (!settings.fireAndForget) {
    // Loaded here: a fire-and-forget launch never evaluates the wait and collect path.
    const { waitAndCollect } = await import('./wait-and-collect.js');
    return waitAndCollect(client, settings, launched.scan, { ...meta, mode: 'blocking' }, options);
  }
  const metadata = await writeRunOutputs(
    settings.outputDir,
    { ...meta, status: 'Launched', mode: 'fire-and-forget' },
    { items: noFindings(), format: settings.format },
  );
  return {
    kind: 'launched',
    scanId,
    scan: launched.scan,
    metadata,
    files: {
      metadataFile: path.join(settings.outputDir, METADATA_FILE),
      findingsFile: path.join(settings.outputDir, FINDINGS_FILE),
    },
  };
}
