import { listenLocal } from '../listen-local.js';
import { createFakePhoenixApp, type FakePhoenixApp, type FakePhoenixOptions } from './fake-phoenix-app.js';

export type FakePhoenix = FakePhoenixApp & {
  /** Base URL of the fake, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
};

/** Starts a fake Phoenix Security API on 127.0.0.1 (port 0 by default: any free port). */
export async function createFakePhoenix(
  opts: FakePhoenixOptions & { port?: number } = {},
): Promise<FakePhoenix> {
  const fake = createFakePhoenixApp(opts);
  const server = await listenLocal(fake.app.fetch, opts.port);
  return { ...fake, url: server.url, close: server.close };
}
