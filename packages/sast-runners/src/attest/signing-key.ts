import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AttestationError } from './attestation-error.js';

/** A key as PEM text or bytes, or a `KeyObject`. */
export type KeyInput = string | Uint8Array | KeyObject;

function isKeyObject(key: KeyInput): key is KeyObject {
  return typeof key === 'object' && 'asymmetricKeyType' in key && 'export' in key;
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new AttestationError(
      'invalid_key',
      `expected an Ed25519 ${what}, got a ${key.asymmetricKeyType ?? key.type} key`,
    );
  }
  return key;
}

/** An Ed25519 private key from PKCS#8 PEM (`openssl genpkey -algorithm ed25519`). */
export function loadPrivateKey(key: KeyInput): KeyObject {
  if (isKeyObject(key)) {
    if (key.type !== 'private') throw new AttestationError('invalid_key', 'signing needs the private key');
    return requireEd25519(key, 'private key');
  }
  try {
    return requireEd25519(createPrivateKey(typeof key === 'string' ? key : Buffer.from(key)), 'private key');
  } catch (cause) {
    if (cause instanceof AttestationError) throw cause;
    throw new AttestationError('invalid_key', 'expected an Ed25519 private key in PEM (PKCS#8)', { cause });
  }
}

/** An Ed25519 public key from SPKI PEM; the private key's PEM gives its public half too. */
export function loadPublicKey(key: KeyInput): KeyObject {
  if (isKeyObject(key)) return requireEd25519(key.type === 'private' ? createPublicKey(key) : key, 'key');
  try {
    return requireEd25519(createPublicKey(typeof key === 'string' ? key : Buffer.from(key)), 'public key');
  } catch (cause) {
    if (cause instanceof AttestationError) throw cause;
    throw new AttestationError('invalid_key', 'expected an Ed25519 public key in PEM (SPKI)', { cause });
  }
}

/** The key id written in envelopes: `sha256:` and the hex SHA-256 of the public key's SPKI DER bytes. */
export function keyIdOf(key: KeyInput): string {
  const der = loadPublicKey(key).export({ type: 'spki', format: 'der' });
  return `sha256:${createHash('sha256').update(der).digest('hex')}`;
}
