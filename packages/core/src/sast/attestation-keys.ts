import type { KeyObject } from 'node:crypto';
import type { AttestationKeys } from '@scanrelay/api-schema';
import { isAttestationError, keyIdOf, loadPublicKey } from '@scanrelay/sast-runners';
import type { SastConfig } from './sast-config.js';

/** A public key results' attestations are checked against. */
export interface AttestationKey {
  keyId: string;
  key: KeyObject;
  /** SPKI PEM. */
  publicKey: string;
}

function load(pem: string, where: string): KeyObject {
  try {
    return loadPublicKey(pem);
  } catch (err) {
    if (!isAttestationError(err)) throw err;
    throw new TypeError(`@scanrelay/core: ${where} is not an Ed25519 key in PEM: ${err.detail}`, {
      cause: err,
    });
  }
}

/**
 * The keys of `config.attestationKeys` and the public half of `config.signingKey`, once each (by key
 * id). Throws `TypeError` naming the setting for a key that is not Ed25519 in PEM: call it at start-up.
 */
export function attestationPublicKeys(config: SastConfig): AttestationKey[] {
  const pems = config.attestationKeys.map((pem, i) => ({ pem, where: `sast.attestationKeys[${i}]` }));
  if (config.signingKey !== undefined) pems.push({ pem: config.signingKey, where: 'sast.signingKey' });
  const byId = new Map<string, AttestationKey>();
  for (const { pem, where } of pems) {
    const key = load(pem, where);
    const keyId = keyIdOf(key);
    if (byId.has(keyId)) continue;
    const publicKey = key.export({ type: 'spki', format: 'pem' }).toString();
    byId.set(keyId, { keyId, key, publicKey });
  }
  return [...byId.values()];
}

/** `GET /api/v1/attestation-keys`: the Ed25519 public keys (SPKI PEM) results' attestations are checked against. */
export function attestationKeys(config: SastConfig): AttestationKeys {
  return {
    keys: attestationPublicKeys(config).map(({ keyId, publicKey }) => ({
      keyId,
      algorithm: 'ed25519' as const,
      publicKey,
    })),
  };
}
