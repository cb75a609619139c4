export { createFakeInvicti, type FakeInvicti } from './fake-invicti.js';
export {
  createFakeInvictiApp,
  type FakeInvictiApp,
  type FakeInvictiOptions,
  type RecordedRequest,
} from './fake-invicti-app.js';
export type { FakeIssue } from './fake-issues.js';
export type { FakeWebhookOptions, WebhookDelivery, WebhookEvent, WebhookEventData } from './fake-webhook.js';
export type { FakeScan, FakeWebsite } from './invicti-store.js';
export type { ScanPlan } from './scan-plan.js';
