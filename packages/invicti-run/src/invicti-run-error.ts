/**
 * Stable codes of the failures that end a run before it has an outcome: the settings are wrong
 * (`invalid_settings`), Invicti refused the credentials (`credentials_rejected`), the launch failed
 * (`launch_failed`), what the settings point to does not exist (`not_found`: scan id, website id, URL),
 * or Invicti could not answer the lookup of it (`lookup_failed`).
 */
export type InvictiRunErrorCode =
  | 'invalid_settings'
  | 'credentials_rejected'
  | 'launch_failed'
  | 'not_found'
  | 'lookup_failed';

const PREFIX = '@scanrelay/invicti-run: ';

/** Set on every instance, so two copies of this package recognise each other's errors. */
const BRAND = Symbol.for('@scanrelay/invicti-run/error');

/**
 * Base error of @scanrelay/invicti-run. `code` is stable; `detail` is the message without the package
 * prefix, ready to show; `cause` is the client's InvictiError when Invicti answered.
 */
export class InvictiRunError extends Error {
  readonly code: InvictiRunErrorCode;
  readonly detail: string;

  constructor(code: InvictiRunErrorCode, detail: string, options: { cause?: unknown } = {}) {
    super(`${PREFIX}${detail}`, { cause: options.cause });
    this.name = 'InvictiRunError';
    this.code = code;
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** A flag or variable is missing or wrong; `setting` names it (`--url`, `SCB_INVICTI__URL`, …). */
export class InvictiSettingsError extends InvictiRunError {
  readonly setting: string;
  constructor(setting: string, problem: string) {
    super('invalid_settings', `${setting}: ${problem}`);
    this.name = 'InvictiSettingsError';
    this.setting = setting;
  }
}

/** True for an error of this package, also from another copy of it (where `instanceof` fails). */
export function isInvictiRunError(e: unknown): e is InvictiRunError {
  return e instanceof InvictiRunError || (e instanceof Error && (e as { [BRAND]?: unknown })[BRAND] === true);
}
