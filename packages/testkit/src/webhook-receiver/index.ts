export { createFakeWebhookReceiver, type FakeWebhookReceiver } from './fake-webhook-receiver.js';
export {
  createFakeWebhookReceiverApp,
  type FakeWebhookReceiverApp,
  type FakeWebhookReceiverOptions,
  type ReceivedDelivery,
  type RejectedDelivery,
} from './fake-webhook-receiver-app.js';
