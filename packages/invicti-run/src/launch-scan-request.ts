import type { InvictiClient, LaunchScanRequest } from '@scanrelay/invicti-client';
import { invictiFailure } from './invicti-failure.js';
import type { ScanTarget } from './invicti-settings.js';

/** The launch call for a target; a website without a target URL is scanned at its root URL. */
export async function launchScanRequest(
  client: Pick<InvictiClient, 'getWebsite'>,
  target: ScanTarget,
  credentialSource: string,
  signal: AbortSignal | undefined,
): Promise<LaunchScanRequest> {
  if (target.kind === 'incremental') return { baseScanId: target.baseScanId };
  if (target.kind === 'profile') return { targetUri: target.targetUri, profileName: target.profileName };
  let targetUri = target.targetUri;
  if (!targetUri && target.websiteId) {
    try {
      targetUri = (await client.getWebsite(target.websiteId, { signal })).RootUrl;
    } catch (e) {
      invictiFailure(e, 'lookup', credentialSource);
    }
  }
  return { targetUri: targetUri as string, policyId: target.policyId };
}
