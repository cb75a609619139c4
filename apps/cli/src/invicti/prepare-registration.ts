import { projectNameSchema } from '@scanrelay/findings-schema';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config/index.js';

/** What `invicti scan --register` adds to the flags. */
export interface RegisterFlags {
  /** The project the results are filed under; default `invicti` (the webhook's default project). */
  project?: string;
  apiUrl?: string;
  apiKey?: string;
}

/** Registers a launched scan; resolves to the line to print. */
export type RegisterLaunch = (launch: { scanId: string; target?: string }) => Promise<string>;

/**
 * `--register`, checked before anything is launched: the scanrelay API and key come from the usual
 * settings (`SCANRELAY_API_URL`/`SCANRELAY_API_KEY`, scanrelay.config.yaml, `--api-url`/`--api-key`);
 * without a key the run stops with exit 2 before a scan is launched. After the launch, a failed
 * registration is exit 2 too, naming the scan so that it can be registered by hand.
 */
export async function prepareRegistration(flags: RegisterFlags): Promise<RegisterLaunch> {
  const project = projectNameSchema.safeParse(flags.project ?? 'invicti');
  if (!project.success) throw new CliError(`--project: ${project.error.issues[0]?.message}`);
  const { config } = await loadConfig({ flags: { apiUrl: flags.apiUrl, apiKey: flags.apiKey } });
  const { apiUrl, apiKey } = config;
  if (!apiKey)
    throw new CliError(
      '--register: no scanrelay API key; set SCANRELAY_API_KEY (a key with the upload scope), apiKey in scanrelay.config.yaml, or --api-key',
    );
  const { registerInvictiScan } = await import('@scanrelay/client');
  return async ({ scanId, target }) => {
    try {
      const { created, scan } = await registerInvictiScan(
        { baseUrl: apiUrl, apiKey },
        { scanId, project: project.data, ...(target ? { target } : {}) },
      );
      return `${created ? 'registered' : 'already registered'} with scanrelay at ${apiUrl} as scan ${scan.id} of project ${scan.project}`;
    } catch (e) {
      throw new CliError(
        `launched Invicti scan ${scanId}, but could not register it with scanrelay at ${apiUrl}: ${(e as Error).message}`,
        undefined,
        { cause: e },
      );
    }
  };
}
