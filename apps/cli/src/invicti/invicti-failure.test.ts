import {
  InvictiAbortError,
  InvictiAuthError,
  InvictiError,
  InvictiHttpError,
  InvictiResponseError,
  InvictiTimeoutError,
} from '@scanrelay/invicti-client';
import { describe, expect, it } from 'vitest';
import type { CliError } from '../cli-error.js';
import type { InvictiConfig } from './invicti-config.js';
import { invictiFailure, isInvictiError } from './invicti-failure.js';

const cfg = { credentialSource: 'SCB_INVICTI__APIKEY' } as InvictiConfig;

describe('invictiFailure', () => {
  it('recognises every error class of the client, and nothing else', () => {
    const errors = [
      new InvictiError('network_error', 'x'),
      new InvictiAuthError('unauthorized', 'x'),
      new InvictiHttpError('server_error', 'x'),
      new InvictiResponseError('x'),
      new InvictiTimeoutError('x'),
      new InvictiAbortError('x'),
    ];
    expect(errors.map(isInvictiError)).toEqual([true, true, true, true, true, true]);
    expect(isInvictiError(new TypeError('x'))).toBe(false);
    expect(isInvictiError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(false);
  });

  it('maps credentials and launch failures to 2, failures after the launch to 3', () => {
    const auth = invictiFailure(
      new InvictiAuthError('unauthorized', 'Invicti rejected the credentials (401)'),
      cfg,
      'wait',
    ) as CliError;
    expect([auth.exitCode, auth.message]).toEqual([
      2,
      'Invicti rejected the credentials (401) (credentials from SCB_INVICTI__APIKEY)',
    ]);
    expect(
      (invictiFailure(new InvictiHttpError('server_error', 'boom'), cfg, 'launch') as CliError).exitCode,
    ).toBe(2);
    expect(
      (invictiFailure(new InvictiHttpError('server_error', 'boom'), cfg, 'wait') as CliError).exitCode,
    ).toBe(3);
    expect((invictiFailure(new InvictiResponseError('bad'), cfg, 'issues') as CliError).exitCode).toBe(3);
    expect(
      (invictiFailure(new InvictiHttpError('not_found', 'gone'), cfg, 'lookup') as CliError).exitCode,
    ).toBe(2);
    const other = new Error('disk full');
    expect(invictiFailure(other, cfg, 'issues')).toBe(other);
  });
});
