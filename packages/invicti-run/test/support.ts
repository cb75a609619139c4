import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterEach, beforeEach } from 'vitest';
import {
  type InvictiEnv,
  type InvictiFlags,
  type InvictiRunOutcome,
  type InvictiSettings,
  type RunInvictiOptions,
  resolveInvictiSettings,
  runInvicti,
} from '../src/index.js';

export const USER_ID = 'run-user';
export const TOKEN = 'tok-Very-Secret-9f8e';

// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary JSON written by the run
export function readJson(dir: string, file: string): any {
  return JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
}

/**
 * A temporary output directory per test and a fake Invicti started by `start(options)`; `settings`
 * resolves flags and environment against them, `run` runs in-process.
 */
export function useInvictiRun() {
  let fake: FakeInvicti | undefined;
  let tmp: { dir: string; cleanup: () => void };
  beforeEach(() => {
    tmp = makeTempDir('scanrelay-invicti-run-');
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
    tmp.cleanup();
  });
  const current = (): FakeInvicti => {
    if (!fake) throw new Error('start the fake Invicti first');
    return fake;
  };
  return {
    fake: current,
    dir: () => tmp.dir,
    async start(options: Parameters<typeof createFakeInvicti>[0] = {}): Promise<FakeInvicti> {
      fake = await createFakeInvicti({ userId: USER_ID, apiToken: TOKEN, ...options });
      return fake;
    },
    /** Settings with the fake's URL, the test's credentials and output directory, flags over `env`. */
    settings(flags: InvictiFlags, env: InvictiEnv = {}): InvictiSettings {
      return resolveInvictiSettings(
        { url: current().url, userId: USER_ID, outputDir: tmp.dir, ...flags },
        { SCANRELAY_INVICTI_API_TOKEN: TOKEN, ...env },
      );
    },
    run(settings: InvictiSettings, options: RunInvictiOptions = {}): Promise<InvictiRunOutcome> {
      return runInvicti(settings, options);
    },
  };
}
