import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { captureOutput, makeTempDir, spawnCli, stopChild, waitForListening } from '@scanrelay/test-utils';
import {
  createFakeDefectDojo,
  createFakePhoenix,
  createFakeWebhookReceiver,
  type FakeDefectDojo,
  type FakePhoenix,
  type FakeWebhookReceiver,
} from '@scanrelay/testkit';
import { type Backend, prepareBackend } from './e2e-backend.js';

export type { Backend } from './e2e-backend.js';

/** Every credential of the run: none may show up in a log line, a job, a forward or an error. */
export const CREDENTIALS = {
  phoenixService: 'phx-service-secret-5c1e9a7b3d',
  clientA: 'phx-client-a-secret-8d2f4b6a1c',
  clientB: 'phx-client-b-secret-3e7a9c5b2f',
  wrong: 'phx-wrong-secret-0a9b8c7d6e',
  dojo: 'dojo-token-4f8b2d6e0a9c1e3b77',
  webhook: `whsec_${randomBytes(32).toString('base64')}`,
};
/** The Phoenix clients the fake knows: the service's own and the two of the batch file. */
export const PHOENIX_CLIENTS = {
  'scanrelay-service': CREDENTIALS.phoenixService,
  'client-a-prod': CREDENTIALS.clientA,
  'client-b-staging': CREDENTIALS.clientB,
};
/** Small enough that each report goes to Phoenix in several requests. */
export const PHOENIX_BATCH_BYTES = 6000;
export const WEBHOOK_BATCH = 2;

/** The service's configuration file: the three destinations on the fakes, quick forward retries. */
function writeConfig(
  file: string,
  fakes: { phoenix: FakePhoenix; dojo: FakeDefectDojo; hooks: FakeWebhookReceiver },
) {
  const destinations = [
    {
      kind: 'phoenix',
      name: 'phoenix',
      apiUrl: fakes.phoenix.url,
      clientId: 'scanrelay-service',
      clientSecret: CREDENTIALS.phoenixService,
      batchMaxBytes: PHOENIX_BATCH_BYTES,
      // Two tries per request: a longer outage is left to the forward's own schedule.
      attempts: 2,
    },
    {
      kind: 'defectdojo',
      name: 'dojo',
      url: fakes.dojo.url,
      token: CREDENTIALS.dojo,
      productName: 'shop',
      engagementName: 'CI pipeline',
    },
    {
      kind: 'webhook',
      name: 'hooks',
      url: `${fakes.hooks.url}/scanrelay/findings`,
      secrets: [CREDENTIALS.webhook],
      batchMaxFindings: WEBHOOK_BATCH,
    },
  ];
  const forwarding = { defaults: ['phoenix'], maxAttempts: 5, retryBaseMs: 200, retryMaxMs: 1000 };
  // YAML is a superset of JSON.
  writeFileSync(file, JSON.stringify({ server: { logLevel: 'debug' }, destinations, forwarding }));
}

export interface ForwardE2eService {
  url: string;
  apiKey: string;
  /** The temporary directory (config, batch files, reports). */
  dir: string;
  phoenix: FakePhoenix;
  dojo: FakeDefectDojo;
  hooks: FakeWebhookReceiver;
  /** Everything `scanrelay serve` printed so far: its logs. */
  log(): string;
  /** The fake Phoenix's clock jumps past every token's lifetime once, when it holds `count` imports. */
  expireTokensAfterImports(count: number): void;
  close(): Promise<void>;
}

/**
 * `scanrelay serve` as a process on `backend`, with the real sinks allowed to reach loopback over http,
 * and the fake Phoenix, DefectDojo and webhook receiver it forwards to.
 */
export async function startForwardE2eService(backend: Backend): Promise<ForwardE2eService> {
  const tmp = makeTempDir('scanrelay-fwd-e2e-');
  const dataDir = path.join(tmp.dir, 'data');
  let expireAt = -1;
  const phoenix: FakePhoenix = await createFakePhoenix({
    clients: PHOENIX_CLIENTS,
    now: () => {
      if (phoenix?.imports.length === expireAt) {
        expireAt = -1;
        return Date.now() + 2 * 3600_000;
      }
      return Date.now();
    },
  });
  const dojo = await createFakeDefectDojo({ token: CREDENTIALS.dojo });
  const hooks = await createFakeWebhookReceiver({ secrets: [CREDENTIALS.webhook] });
  const prepared = await prepareBackend(backend, dataDir, 'e2e');
  const config = path.join(tmp.dir, 'scanrelay.config.yaml');
  writeConfig(config, { phoenix, dojo, hooks });
  let log: () => string = () => '';
  let serve: ChildProcess | undefined;
  const close = async () => {
    await stopChild(serve);
    await phoenix.close();
    await dojo.close();
    await hooks.close();
    await prepared.cleanup();
    tmp.cleanup();
  };
  try {
    serve = spawnCli(['serve', '--port', '0', '--data-dir', dataDir, '--config', config], {
      env: {
        ...prepared.env,
        SCANRELAY_ALLOW_PRIVATE_URLS: 'true',
        SCANRELAY_ALLOW_HTTP_URLS: 'true',
        PHOENIX_CLIENT_ID: '',
        PHOENIX_CLIENT_SECRET: '',
        PHOENIX_API_URL: '',
      },
      cwd: tmp.dir,
    }).child;
    log = captureOutput(serve);
    const url = await waitForListening(serve, log);
    return {
      url,
      apiKey: prepared.key,
      dir: tmp.dir,
      phoenix,
      dojo,
      hooks,
      log: () => log(),
      expireTokensAfterImports: (count) => {
        expireAt = count;
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
