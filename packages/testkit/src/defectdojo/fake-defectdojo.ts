import { listenLocal } from '../listen-local.js';
import {
  createFakeDefectDojoApp,
  type FakeDefectDojoApp,
  type FakeDefectDojoOptions,
} from './fake-defectdojo-app.js';

export type FakeDefectDojo = FakeDefectDojoApp & {
  /** Base URL of the fake, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
};

/** Starts a fake DefectDojo (API v2 import-scan and reimport-scan) on 127.0.0.1. */
export async function createFakeDefectDojo(
  opts: FakeDefectDojoOptions & { port?: number } = {},
): Promise<FakeDefectDojo> {
  const fake = createFakeDefectDojoApp(opts);
  const server = await listenLocal(fake.app.fetch, opts.port);
  return { ...fake, url: server.url, close: server.close };
}
