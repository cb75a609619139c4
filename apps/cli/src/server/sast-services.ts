import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Logger, SastJobDeps } from '@scanrelay/core';
import { isAttestationError, keyIdOf, loadPrivateKey, loadPublicKey } from '@scanrelay/sast-runners';
import { CliError, EXIT } from '../cli-error.js';
import type { CliConfig } from '../config/index.js';
import { keptSecret, sharedSecret } from './data-dir-secret.js';

/** Where `serve` keeps what it generates when nothing is configured (mode 0600, in the data dir). */
const CALLBACK_SECRET_FILE = 'sast-callback.secret';
const SIGNING_KEY_FILE = 'sast-signing.key';

/** The path every runner posts results to, under the service's base URL. */
const SCAN_RESULTS_PATH = '/api/v1/webhooks/scan-results';

/** The secrets of external SAST as one process sees them. */
export interface SastSecrets {
  /** Results are signed with the first and accepted with any. Empty: none configured or shared. */
  callbackSecrets: string[];
  /** PKCS#8 PEM of the local worker's attestation key. */
  signingKey?: string;
  /** Public keys (SPKI PEM) attestations are checked against: the configured ones and the signing key's. */
  attestationKeys: string[];
}

/**
 * `sast.callbackSecrets` and `sast.signingKey`, else the ones kept in the data dir:
 * `serve` (`generate`) creates them there on first start so that an unconfigured service signs and
 * attests its local results; `worker` only reads them (from a data dir shared with the API).
 */
export function sastSecretsFrom(
  config: CliConfig,
  dataDir: string,
  options: { generate: boolean; logger?: Logger },
): SastSecrets {
  const { sast } = config;
  const keep = (name: string, make: () => string, what: string) =>
    options.generate ? keptSecret(dataDir, name, make, options.logger, what) : sharedSecret(dataDir, name);

  let callbackSecrets = sast.callbackSecrets;
  if (callbackSecrets.length === 0) {
    const kept = keep(
      CALLBACK_SECRET_FILE,
      () => `${randomBytes(32).toString('hex')}\n`,
      'SAST callback secret',
    );
    callbackSecrets = kept?.trim() ? [kept.trim()] : [];
  }
  const signingKey = sast.signingKey ?? keep(SIGNING_KEY_FILE, newSigningKey, 'SAST signing key')?.trim();
  const attestationKeys = sast.attestationKeys.map((k, i) => checked(() => k, `sast.attestationKeys.${i}`));
  if (signingKey !== undefined) {
    const where = sast.signingKey ? 'sast.signingKey' : SIGNING_KEY_FILE;
    const own = checked(
      () => loadPublicKey(loadPrivateKey(signingKey)).export({ type: 'spki', format: 'pem' }).toString(),
      where,
    );
    const ids = new Set(attestationKeys.map((k) => keyIdOf(k)));
    if (!ids.has(keyIdOf(own))) attestationKeys.push(own);
  }
  return { callbackSecrets, signingKey, attestationKeys };
}

/** What the worker's `sast-scan` jobs need: where and how they post, and the outbound rules. */
export function sastJobDepsFrom(
  config: CliConfig,
  secrets: SastSecrets,
  callbackUrl: string | undefined,
): SastJobDeps {
  return {
    callbackUrl,
    callbackSecrets: secrets.callbackSecrets,
    signingKey: secrets.signingKey,
    policy: config.outbound,
  };
}

/**
 * The callback URL of a service listening at `listeningUrl`: its scan-results route, with a wildcard
 * address (`0.0.0.0`, `::`) replaced by the loopback one, which the in-process worker reaches.
 */
export function ownCallbackUrl(listeningUrl: string): string {
  const url = new URL(listeningUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return new URL(SCAN_RESULTS_PATH, url).toString();
}

function newSigningKey(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** An Ed25519 public key (SPKI PEM) that `make` gives; one that is not is a CliError naming `where`. */
function checked(make: () => string, where: string): string {
  try {
    const key = make();
    keyIdOf(key);
    return key;
  } catch (err) {
    if (!isAttestationError(err)) throw err;
    throw new CliError(`${where}: ${err.detail}`, EXIT.usage, { cause: err });
  }
}

/**
 * What a worker's local SAST jobs lack to deliver their results (a callback URL, a secret), said at
 * start; undefined when nothing is missing or no provider runs locally.
 */
export function localSastGap(config: CliConfig, deps: SastJobDeps): string | undefined {
  if (!config.sast.providers.some((p) => p.backend.kind === 'local')) return undefined;
  const missing = [
    deps.callbackUrl ? undefined : 'sast.callbackUrl (SCANRELAY_SAST_CALLBACK_URL)',
    deps.callbackSecrets.length > 0
      ? undefined
      : `sast.callbackSecrets (SCANRELAY_SAST_CALLBACK_SECRET, or ${CALLBACK_SECRET_FILE} in a data dir shared with serve)`,
  ].filter((m) => m !== undefined);
  if (missing.length === 0) return undefined;
  return `local SAST scans cannot post their results: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, so those jobs will fail`;
}
