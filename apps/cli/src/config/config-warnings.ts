import type { CliConfig } from './config-schema.js';

/**
 * Settings that are valid one by one but do not work together, said at the start of `serve` and
 * `worker`: today, an Invicti webhook that is enabled (a token or a secret) in mode `worker` while
 * the worker has no Invicti credentials, so every completion would end in a failed fetch job.
 */
export function configWarnings(config: CliConfig): string[] {
  const hook = config.webhooks.invicti;
  const enabled = hook.tokens.length > 0 || hook.secrets.length > 0;
  if (!enabled || hook.mode !== 'worker') return [];
  const missing = [
    config.invicti.userId ? undefined : 'invicti.userId (SCANRELAY_INVICTI_USER_ID)',
    config.invicti.apiToken ? undefined : 'invicti.apiToken (SCANRELAY_INVICTI_API_TOKEN)',
  ].filter((m) => m !== undefined);
  if (missing.length === 0) return [];
  return [
    `the Invicti webhook is enabled in mode "worker" but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set: the worker cannot fetch the issues of completed scans. Set ${missing.length > 1 ? 'them' : 'it'} where the worker runs, or use webhooks.invicti.mode "workflow" (see docs/configuration.md)`,
  ];
}
