import { createFakeInvicti, type FakeInvicti } from '@scanrelay/testkit';
import { afterEach, beforeEach } from 'vitest';
import { createInvictiClient, type InvictiClientOptions, type InvictiTransport } from '../src/index.js';

/** Every test file runs over both transports: they share every rule, so they must pass the same tests. */
export const TRANSPORTS: InvictiTransport[] = ['ky', 'node-http'];

const USER_ID = 'u-123';
const API_TOKEN = 'tok-SECRET-42';

/**
 * A fresh fake Invicti per test, and a client for it (over `transport`) with fast retries. Call at
 * the top of a test file's (or transport's) describe; read `fake()` inside tests.
 */
export function useFakeInvicti(transport: InvictiTransport = 'ky') {
  let current: FakeInvicti | undefined;
  beforeEach(async () => {
    current = await createFakeInvicti({ userId: USER_ID, apiToken: API_TOKEN });
  });
  afterEach(async () => {
    await current?.close();
  });
  const fake = (): FakeInvicti => {
    if (!current) throw new Error('the fake Invicti is not running');
    return current;
  };
  const client = (extra: Partial<InvictiClientOptions> = {}) =>
    createInvictiClient({
      baseUrl: fake().url,
      userId: USER_ID,
      apiToken: API_TOKEN,
      retry: { baseDelayMs: 5, maxDelayMs: 20 },
      transport,
      ...extra,
    });
  /** Replaces the fake by a new one with these options (close the old one first when the test needs it gone). */
  const restart = async (options: Parameters<typeof createFakeInvicti>[0] = {}): Promise<FakeInvicti> => {
    current = await createFakeInvicti({ userId: USER_ID, apiToken: API_TOKEN, ...options });
    return current;
  };
  return { fake, client, restart };
}

/** The rejection of a promise that must reject. */
export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}
