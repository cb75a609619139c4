export {
  createInvictiCompletion,
  type EnqueueJob,
  type InvictiCompletion,
  type InvictiCompletionDeps,
  type InvictiTrigger,
  type InvictiTriggerOutcome,
} from './create-invicti-completion.js';
export {
  createInvictiSweeper,
  type InvictiSweeper,
  type InvictiSweeperOptions,
} from './create-invicti-sweeper.js';
export { ensureInvictiScan, INVICTI_PROVIDER, type InvictiScanRef } from './ensure-invicti-scan.js';
export { normalizeInvictiScanId } from './invicti-scan-id.js';
export {
  INVICTI_SWEEP_DEFAULTS,
  type InvictiWebhookConfig,
  invictiWebhookConfigSchema,
} from './invicti-webhook-config.js';
export { type QueueInvictiFetchDeps, queueInvictiFetch } from './queue-invicti-fetch.js';
export { INVICTI_TRIGGER_SOURCES } from './record-trigger.js';
export { type InvictiSweepDeps, type InvictiSweepReport, sweepInvictiScans } from './sweep-invicti-scans.js';
