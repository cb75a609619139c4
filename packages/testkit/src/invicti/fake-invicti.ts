import { listenLocal } from '../listen-local.js';
import { createFakeInvictiApp, type FakeInvictiApp, type FakeInvictiOptions } from './fake-invicti-app.js';

export type FakeInvicti = FakeInvictiApp & {
  /** Base URL of the fake, e.g. `http://127.0.0.1:41234` (the API is under `/api/1.0/`). */
  url: string;
  close(): Promise<void>;
};

/** Starts a fake Invicti Enterprise API on 127.0.0.1 (port 0 by default: any free port). */
export async function createFakeInvicti(
  opts: FakeInvictiOptions & { port?: number } = {},
): Promise<FakeInvicti> {
  const fake = createFakeInvictiApp(opts);
  const server = await listenLocal(fake.app.fetch, opts.port);
  return {
    ...fake,
    url: server.url,
    async close() {
      await fake.flushWebhooks();
      await server.close();
    },
  };
}
