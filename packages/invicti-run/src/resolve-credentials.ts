import { InvictiSettingsError } from './invicti-run-error.js';
import type { InvictiEnv, InvictiFlags } from './invicti-settings.js';
import { type PickedSetting, pickSetting } from './picked-setting.js';

export interface ResolvedCredentials {
  userId: string;
  apiToken: string;
  /** Where they came from, e.g. `SCB_INVICTI__APIKEY` or `--user-id and INVICTI_API_TOKEN`. */
  source: string;
}

/** For each place a token can come from, the user-id setting of the same family, to name in errors. */
const USER_ID_BESIDE: Record<string, string> = {
  '--api-token': 'pass --user-id',
  SCANRELAY_INVICTI_API_TOKEN: 'set SCANRELAY_INVICTI_USER_ID',
  INVICTI_API_TOKEN: 'set INVICTI_USER_ID',
};

/** Says exactly which setting to add beside the token that was found (issue: one token alone fails). */
function missingUserId(token: PickedSetting | undefined): InvictiSettingsError {
  if (token?.source === 'SCB_INVICTI__APIKEY')
    return new InvictiSettingsError(
      '--user-id',
      'no Invicti user id: SCB_INVICTI__APIKEY holds only a token; add SCB_INVICTI__USERID=<your Invicti user id>, or set SCB_INVICTI__APIKEY to USERID:TOKEN (Invicti shows both under Your Settings > API Settings)',
    );
  const beside = token ? USER_ID_BESIDE[token.source] : undefined;
  if (beside)
    return new InvictiSettingsError(
      '--user-id',
      `no Invicti user id for the API token in ${token?.source}: ${beside} (Invicti shows it under Your Settings > API Settings)`,
    );
  return new InvictiSettingsError(
    '--user-id',
    'no Invicti user id: pass --user-id, or set SCANRELAY_INVICTI_USER_ID, INVICTI_USER_ID, SCB_INVICTI__USERID, or SCB_INVICTI__APIKEY as USERID:TOKEN',
  );
}

/**
 * User id and token from flags, SCANRELAY_INVICTI_* (as `scanrelay serve` reads them), INVICTI_* (as the
 * fetch-invicti-results workflow passes them), or secureCodeBox's `SCB_INVICTI__USERID` and
 * `SCB_INVICTI__APIKEY` (a token, or `USERID:TOKEN` split at the first colon).
 */
export function resolveCredentials(flags: InvictiFlags, env: InvictiEnv): ResolvedCredentials {
  const key = pickSetting([env.SCB_INVICTI__APIKEY, 'SCB_INVICTI__APIKEY']);
  const colon = key ? key.value.indexOf(':') : -1;
  const keyUser = key && colon > 0 ? key.value.slice(0, colon) : undefined;
  const keyToken = key ? (colon > 0 ? key.value.slice(colon + 1) : key.value) : undefined;
  const user = pickSetting(
    [flags.userId, '--user-id'],
    [env.SCANRELAY_INVICTI_USER_ID, 'SCANRELAY_INVICTI_USER_ID'],
    [env.INVICTI_USER_ID, 'INVICTI_USER_ID'],
    [env.SCB_INVICTI__USERID, 'SCB_INVICTI__USERID'],
    [keyUser, 'SCB_INVICTI__APIKEY'],
  );
  const token = pickSetting(
    [flags.apiToken, '--api-token'],
    [env.SCANRELAY_INVICTI_API_TOKEN, 'SCANRELAY_INVICTI_API_TOKEN'],
    [env.INVICTI_API_TOKEN, 'INVICTI_API_TOKEN'],
    [keyToken, 'SCB_INVICTI__APIKEY'],
  );
  if (user?.source === 'SCB_INVICTI__USERID' && keyUser && keyUser !== user.value) {
    throw new InvictiSettingsError(
      'SCB_INVICTI__APIKEY',
      'holds a user id different from SCB_INVICTI__USERID; set one user id',
    );
  }
  if (!user) throw missingUserId(token);
  if (user.value.includes(':')) throw new InvictiSettingsError(user.source, 'the user id cannot contain ":"');
  if (!token)
    throw new InvictiSettingsError(
      '--api-token',
      'no Invicti API token: set SCANRELAY_INVICTI_API_TOKEN, INVICTI_API_TOKEN or SCB_INVICTI__APIKEY (USERID:TOKEN), or pass --api-token',
    );
  const source = user.source === token.source ? user.source : `${user.source} and ${token.source}`;
  return { userId: user.value, apiToken: token.value, source };
}
