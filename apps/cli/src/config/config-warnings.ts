import type { CliConfig } from './config-schema.js';

/**
 * Settings that are valid one by one but do not work together, said at the start of `serve` and
 * `worker`: an Invicti webhook that is enabled (a token or a secret) in mode `worker` while the worker
 * has no Invicti credentials, so every completion would end in a failed fetch job; SAST providers on a
 * `github` backend without a GitHub token, or without a callback URL GitHub can reach.
 */
export function configWarnings(config: CliConfig): string[] {
  return [...invictiWarnings(config), ...sastWarnings(config)];
}

function sastWarnings(config: CliConfig): string[] {
  const github = config.sast.providers.filter((p) => p.backend.kind === 'github').map((p) => p.provider);
  if (github.length === 0) return [];
  const names = github.join(', ');
  const warnings: string[] = [];
  if (!config.github.token)
    warnings.push(
      `SAST provider(s) ${names} run on GitHub but github.token (SCANRELAY_GITHUB_TOKEN) is not set: their dispatches will fail`,
    );
  if (!config.sast.callbackUrl)
    warnings.push(
      `SAST provider(s) ${names} run on GitHub but sast.callbackUrl (SCANRELAY_SAST_CALLBACK_URL) is not set: the workflow is told to post to this server's own listening address, which GitHub cannot reach unless it is public`,
    );
  return warnings;
}

function invictiWarnings(config: CliConfig): string[] {
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
