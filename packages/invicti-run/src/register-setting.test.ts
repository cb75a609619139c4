import { describe, expect, it } from 'vitest';
import { InvictiSettingsError } from './invicti-run-error.js';
import { resolveInvictiSettings } from './resolve-invicti-settings.js';

const env = {
  SCB_INVICTI__URL: 'https://invicti.example.com',
  SCB_INVICTI__APIKEY: 'user-1:token',
  SCB_SCAN__TARGETURI: 'https://app.example.com/',
};

describe('the --register setting', () => {
  it('is kept for a fire-and-forget launch', () => {
    const s = resolveInvictiSettings({ action: 'scan', fireAndForget: true, register: true }, env);
    expect(s).toMatchObject({ action: 'scan', fireAndForget: true, register: true });
    expect(resolveInvictiSettings({ action: 'scan', fireAndForget: true }, env).register).toBeUndefined();
  });

  it('is refused where nothing would be registered (a blocking run, issues)', () => {
    for (const flags of [
      { action: 'scan' as const, register: true },
      { action: 'issues' as const, scanId: 'x', register: true },
    ]) {
      const run = () => resolveInvictiSettings(flags, env);
      expect(run).toThrow(InvictiSettingsError);
      expect(run).toThrow(/--register: registers a fire-and-forget launch/);
    }
  });
});
