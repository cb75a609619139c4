export {
  type CollectInvictiFindingsOptions,
  collectInvictiFindings,
} from './collect-invicti-findings.js';
export { createRunClient, type RunClientOptions } from './create-run-client.js';
export { FINDINGS_FORMATS, type FindingsFormat, findingsFormatSchema } from './findings-format.js';
export {
  InvictiRunError,
  type InvictiRunErrorCode,
  InvictiSettingsError,
  isInvictiRunError,
} from './invicti-run-error.js';
export type {
  InvictiRunCompleted,
  InvictiRunFiles,
  InvictiRunIncomplete,
  InvictiRunInterrupted,
  InvictiRunLaunched,
  InvictiRunOutcome,
} from './invicti-run-outcome.js';
export {
  type InvictiEnv,
  type InvictiFlags,
  type InvictiIssuesSettings,
  type InvictiScanSettings,
  type InvictiSettings,
  invictiEnvSchema,
  invictiFlagsSchema,
  invictiSettingsSchema,
  type ScanTarget,
  scanTargetSchema,
} from './invicti-settings.js';
export { type AtomicFile, openAtomicFile, writeFileAtomic } from './open-atomic-file.js';
export { parseDuration } from './parse-duration.js';
export { resolveInvictiSettings } from './resolve-invicti-settings.js';
export { runInvicti } from './run-invicti.js';
export type { RunInvictiOptions } from './run-options.js';
export { type WriteFindingsOptions, writeFindingsFile, writeFindingsTo } from './write-findings.js';
export { FINDINGS_FILE, METADATA_FILE } from './write-run-outputs.js';
