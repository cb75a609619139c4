export {
  createInvictiCompletion,
  type EnqueueJob,
  type InvictiCompletion,
  type InvictiCompletionDeps,
  type InvictiTrigger,
  type InvictiTriggerOutcome,
} from './create-invicti-completion.js';
export { type InvictiWebhookConfig, invictiWebhookConfigSchema } from './invicti-webhook-config.js';
export { INVICTI_TRIGGER_SOURCES } from './record-trigger.js';
