import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CoreError } from '../core-error.js';

const VERSION = 'v1';
const AAD = Buffer.from('scanrelay:sealed-credentials:v1');

/** Seals small JSON values (an upload's credentials) with AES-256-GCM for the time a job needs them. */
export interface SecretBox {
  seal(value: unknown): string;
  /** Throws `CoreError` (`invalid_input`) when the text was not sealed with this key or was altered. */
  open(sealed: string): unknown;
}

/**
 * The 32-byte key from its configured text: 64 hex digits or base64 (standard or url-safe) of 32
 * bytes. Anything else is a `TypeError` saying what was expected (never quoting the value).
 */
export function parseSecretsKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const key = Buffer.from(trimmed.replaceAll('-', '+').replaceAll('_', '/'), 'base64');
    if (key.length === 32) return key;
  }
  throw new TypeError(
    `@scanrelay/core: the secrets key must be 32 bytes as 64 hex digits or base64 (got ${trimmed.length} characters)`,
  );
}

/** A new random key, as base64: what the service keeps in its data directory when none is configured. */
export function generateSecretsKey(): string {
  return randomBytes(32).toString('base64');
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new TypeError('@scanrelay/core: the secrets key must be 32 bytes');
  return {
    seal(value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      return [VERSION, iv, cipher.getAuthTag(), body]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body, extra] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined || extra !== undefined)
        throw new CoreError('invalid_input', 'sealed credentials: not in the v1 format');
      try {
        // A full 16-byte tag only: GCM would accept a shortened one, which is far easier to forge.
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), {
          authTagLength: 16,
        });
        decipher.setAAD(AAD);
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
        return JSON.parse(text.toString('utf8'));
      } catch (cause) {
        throw new CoreError(
          'invalid_input',
          'sealed credentials: cannot be opened with this key (was the secrets key changed?)',
          { cause },
        );
      }
    },
  };
}
