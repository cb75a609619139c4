import type { Dispatcher } from '@scanrelay/dispatch';
import { CliError, EXIT } from '../cli-error.js';
import type { CliConfig } from '../config/index.js';

/**
 * The API's GitHub dispatcher, built whenever `github.token` is set: webhook mode `workflow` sends
 * Invicti completions to the `fetch-invicti-results.yml` workflow with it, and SAST providers on a
 * `github` backend their scans. Mode `workflow` without a token or a workflow is a configuration error;
 * a `github` SAST backend without a token is only warned about (`configWarnings`): its dispatches fail.
 */
export async function githubDispatcherFrom(config: CliConfig): Promise<Dispatcher | undefined> {
  const hook = config.webhooks.invicti;
  if (hook.mode === 'workflow') {
    if (!hook.workflow) {
      throw new CliError(
        'webhooks.invicti.workflow: mode "workflow" needs the workflow\'s owner and repo',
        EXIT.usage,
      );
    }
    if (!config.github.token) {
      throw new CliError(
        'github.token: mode "workflow" needs a GitHub token (SCANRELAY_GITHUB_TOKEN) with Actions: write',
        EXIT.usage,
      );
    }
  }
  if (!config.github.token) return undefined;
  const { createGitHubDispatcher } = await import('@scanrelay/dispatch');
  return createGitHubDispatcher({ token: config.github.token, baseUrl: config.github.apiUrl });
}
