/** Stable codes of every error and refusal of @scanrelay/outbound. */
export type OutboundErrorCode =
  | 'invalid_url'
  | 'scheme_not_allowed'
  | 'credentials_in_url'
  | 'private_address'
  | 'unresolvable';

const PREFIX = '@scanrelay/outbound: ';

/** Set on every instance, so two copies of this package (two versions in one tree) recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/outbound/error');

/**
 * A URL or an address the outbound rules refuse. `code` is stable, `detail` is the message without
 * the package prefix (for a 400 answer), `address` the refused address when one was resolved.
 * Messages never quote credentials.
 */
export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  readonly detail: string;
  readonly address: string | undefined;

  constructor(code: OutboundErrorCode, message: string, options: { address?: string; cause?: unknown } = {}) {
    super(`${PREFIX}${message}`, { cause: options.cause });
    this.name = 'OutboundError';
    this.code = code;
    this.detail = message;
    this.address = options.address;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an OutboundError, also one thrown by another copy of this package. */
export function isOutboundError(e: unknown): e is OutboundError {
  return e instanceof OutboundError || (e instanceof Error && (e as { [BRAND]?: unknown })[BRAND] === true);
}
