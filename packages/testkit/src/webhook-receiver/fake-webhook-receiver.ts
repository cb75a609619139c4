import { listenLocal } from '../listen-local.js';
import {
  createFakeWebhookReceiverApp,
  type FakeWebhookReceiverApp,
  type FakeWebhookReceiverOptions,
} from './fake-webhook-receiver-app.js';

export type FakeWebhookReceiver = FakeWebhookReceiverApp & {
  /** Base URL of the receiver, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
};

/** Starts a Standard Webhooks receiver on 127.0.0.1 that verifies every delivery. */
export async function createFakeWebhookReceiver(
  opts: FakeWebhookReceiverOptions & { port?: number },
): Promise<FakeWebhookReceiver> {
  const fake = createFakeWebhookReceiverApp(opts);
  const server = await listenLocal(fake.app.fetch, opts.port);
  return { ...fake, url: server.url, close: server.close };
}
