import { InvictiSettingsError } from './invicti-run-error.js';
import type { InvictiEnv, InvictiFlags, ScanTarget } from './invicti-settings.js';
import { pickSetting, readSetting } from './picked-setting.js';
import { httpUrlSettingSchema } from './setting-schemas.js';

/**
 * What to scan: `--base-scan-id` (incremental), else a profile (`--profile` / SCB_SCAN__PROFILENAME)
 * with a target URL (`--target-uri` / SCB_SCAN__TARGETURI), else a new scan of a URL and/or a
 * registered website (`--website-id`) with an optional policy.
 */
export function resolveScanTarget(flags: InvictiFlags, env: InvictiEnv): ScanTarget {
  const uri = pickSetting(
    [flags.targetUri, '--target-uri'],
    [env.SCB_SCAN__TARGETURI, 'SCB_SCAN__TARGETURI'],
  );
  const profile = pickSetting(
    [flags.profile, '--profile'],
    [env.SCB_SCAN__PROFILENAME, 'SCB_SCAN__PROFILENAME'],
  );
  const websiteId = pickSetting([flags.websiteId, '--website-id']);
  const policyId = pickSetting([flags.policyId, '--policy-id']);
  const base = pickSetting([flags.baseScanId, '--base-scan-id']);
  if (base) {
    const extra = [uri, profile, websiteId, policyId].find(Boolean);
    if (extra)
      throw new InvictiSettingsError(
        extra.source,
        "--base-scan-id launches an incremental scan of the base scan's target; drop the other target settings",
      );
    return { kind: 'incremental', baseScanId: base.value };
  }
  if (profile) {
    if (policyId || websiteId)
      throw new InvictiSettingsError(
        (policyId ?? websiteId)?.source ?? '--profile',
        `cannot be combined with a profile (${profile.source}): the profile carries its own target settings and policy`,
      );
    if (!uri)
      throw new InvictiSettingsError(
        '--target-uri',
        `a scan with a profile (${profile.source}) needs a target: pass --target-uri or set SCB_SCAN__TARGETURI`,
      );
    return { kind: 'profile', targetUri: readSetting(httpUrlSettingSchema, uri), profileName: profile.value };
  }
  if (!uri && !websiteId) {
    throw new InvictiSettingsError(
      '--target-uri',
      'no scan target: pass --target-uri (or SCB_SCAN__TARGETURI) with --profile (or SCB_SCAN__PROFILENAME), or --website-id with an optional --policy-id',
    );
  }
  return {
    kind: 'new',
    targetUri: uri ? readSetting(httpUrlSettingSchema, uri) : undefined,
    websiteId: websiteId?.value,
    policyId: policyId?.value,
  };
}
