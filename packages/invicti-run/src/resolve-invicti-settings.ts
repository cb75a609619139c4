import { useEnglishZodMessages } from '@scanrelay/invicti-client';
import { InvictiSettingsError } from './invicti-run-error.js';
import {
  type InvictiEnv,
  type InvictiFlags,
  type InvictiSettings,
  invictiEnvSchema,
  invictiFlagsSchema,
  invictiSettingsSchema,
} from './invicti-settings.js';
import { type PickedSetting, pickSetting, readSetting } from './picked-setting.js';
import { resolveCredentials } from './resolve-credentials.js';
import { resolveScanTarget } from './resolve-scan-target.js';
import {
  actionSettingSchema,
  booleanSettingSchema,
  durationSettingSchema,
  formatSettingSchema,
  httpUrlSettingSchema,
} from './setting-schemas.js';

// The settings' schemas are zod/mini (invicti-settings.ts): their messages in English.
useEnglishZodMessages();

function resolveAction(flags: InvictiFlags, env: InvictiEnv): 'scan' | 'issues' {
  if (flags.action) return flags.action;
  const picked = pickSetting([env.SCB_ACTION, 'SCB_ACTION']);
  if (!picked)
    throw new InvictiSettingsError(
      'SCB_ACTION',
      'not set: run `scanrelay invicti scan` or `scanrelay invicti issues`, or set SCB_ACTION to Scan or Issues',
    );
  return readSetting(actionSettingSchema, picked);
}

function resolveBaseUrl(flags: InvictiFlags, env: InvictiEnv): string {
  const url = pickSetting(
    [flags.url, '--url'],
    [env.SCANRELAY_INVICTI_URL, 'SCANRELAY_INVICTI_URL'],
    [env.INVICTI_URL, 'INVICTI_URL'],
    [env.SCB_INVICTI__URL, 'SCB_INVICTI__URL'],
  );
  if (!url)
    throw new InvictiSettingsError(
      '--url',
      'no Invicti URL: pass --url or set SCB_INVICTI__URL (e.g. https://www.netsparkercloud.com)',
    );
  const baseUrl = readSetting(httpUrlSettingSchema, url);
  if (/^[a-z]+:\/\/[^/]*@/i.test(baseUrl))
    throw new InvictiSettingsError(
      url.source,
      'credentials in the URL are refused; use the user id and API token settings',
    );
  return baseUrl;
}

const orDefault = (picked: PickedSetting | undefined, value: string, source: string) =>
  picked ?? { value, source };

/**
 * The settings of one run from flags over environment variables (`SCB_*` as secureCodeBox sets them,
 * `INVICTI_*`, `SCANRELAY_INVICTI_*`). The action is `flags.action`, else `SCB_ACTION`. Every missing
 * or bad value throws InvictiSettingsError naming the flag or variable; flags of the wrong type
 * (programmer misuse) throw TypeError.
 */
export function resolveInvictiSettings(flagsInput: InvictiFlags, envInput: InvictiEnv): InvictiSettings {
  const parsedFlags = invictiFlagsSchema.safeParse(flagsInput);
  if (!parsedFlags.success)
    throw new TypeError(`@scanrelay/invicti-run: flags: ${parsedFlags.error.issues[0]?.message}`);
  const flags = parsedFlags.data;
  // A copy: zod reads a plain object, and process.env is not one.
  const env = invictiEnvSchema.parse({ ...envInput });
  const action = resolveAction(flags, env);
  const baseUrl = resolveBaseUrl(flags, env);
  const creds = resolveCredentials(flags, env);
  const format = readSetting(
    formatSettingSchema,
    orDefault(pickSetting([flags.format, '--format']), 'scb', '--format'),
  );
  const ff = pickSetting([env.SCB_SCANNER__FIREANDFORGET, 'SCB_SCANNER__FIREANDFORGET']);
  const common = {
    baseUrl,
    userId: creds.userId,
    apiToken: creds.apiToken,
    credentialSource: creds.source,
    outputDir: orDefault(
      pickSetting(
        [flags.outputDir, '--output-dir'],
        [env.SCB_SCANNER__OUTPUTPATH, 'SCB_SCANNER__OUTPUTPATH'],
      ),
      '.',
      '--output-dir',
    ).value,
    format,
    fireAndForget: flags.fireAndForget ?? (ff ? readSetting(booleanSettingSchema, ff) : false),
    timeoutMs: readSetting(
      durationSettingSchema,
      orDefault(pickSetting([flags.timeout, '--timeout']), '12h', '--timeout'),
    ),
    pollIntervalMs: readSetting(
      durationSettingSchema,
      orDefault(pickSetting([flags.pollInterval, '--poll-interval']), '10s', '--poll-interval'),
    ),
    cancelOnInterrupt: flags.cancelOnInterrupt === true,
    githubOutput: pickSetting([env.GITHUB_OUTPUT, 'GITHUB_OUTPUT'])?.value,
  };
  if (flags.register && !(action === 'scan' && common.fireAndForget))
    throw new InvictiSettingsError(
      '--register',
      'registers a fire-and-forget launch (scan --fire-and-forget); a blocking run fetches its results itself',
    );
  if (action === 'scan')
    return invictiSettingsSchema.parse({
      action,
      ...common,
      ...(flags.register ? { register: true } : {}),
      target: resolveScanTarget(flags, env),
    });
  const id = pickSetting([flags.scanId, '--scan-id'], [env.SCB_SCAN__ID, 'SCB_SCAN__ID']);
  if (!id) throw new InvictiSettingsError('--scan-id', 'no scan id: pass --scan-id or set SCB_SCAN__ID');
  return invictiSettingsSchema.parse({ action, ...common, scanId: id.value });
}
