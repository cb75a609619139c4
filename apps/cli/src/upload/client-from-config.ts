import { createScanrelayClient, type ScanrelayClient } from '@scanrelay/client';
import { CliError } from '../cli-error.js';
import { loadConfig } from '../config/index.js';

export interface ApiFlags {
  apiUrl?: string;
  apiKey?: string;
  config?: string;
}

/** The API client from the configuration cascade (defaults < file < SCANRELAY_API_URL/KEY < flags). */
export async function clientFromConfig(
  flags: ApiFlags,
): Promise<{ client: ScanrelayClient; apiUrl: string }> {
  const { config } = await loadConfig({
    configPath: flags.config,
    flags: { apiUrl: flags.apiUrl, apiKey: flags.apiKey },
  });
  if (!config.apiKey) {
    throw new CliError(
      'apiKey: no API key; set SCANRELAY_API_KEY, apiKey in scanrelay.config.yaml, or --api-key',
    );
  }
  return {
    client: createScanrelayClient({ baseUrl: config.apiUrl, apiKey: config.apiKey }),
    apiUrl: config.apiUrl,
  };
}

export function parseTimeout(value: string | undefined, setting: string): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new CliError(`${setting}: expected a duration like 90s, 10m or 500ms, got "${value}"`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
}
