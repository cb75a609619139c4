export { type AttestationKey, attestationKeys, attestationPublicKeys } from './attestation-keys.js';
export {
  applyAutoBlocklist,
  EXTERNAL_SAST_THREAT,
  EXTERNAL_SCAN_DISCOVERER,
  liftTriagedBlocks,
} from './blocklist-auto.js';
export { liftBlocklist, listBlocklist, readProjectBlocklist, toBlocklistView } from './blocklist-views.js';
export { SAST_SCAN_JOB_TYPE, type SastScanInput, sastScanInputSchema } from './dispatch-job-input.js';
export { dispatchScan, type ScanDispatch } from './dispatch-scan.js';
export { effectiveScanStatus } from './effective-status.js';
export { findInFlightScan } from './publish-in-flight.js';
export { parsePublishInput, type ValidPublish } from './publish-input.js';
export { publishProject } from './publish-project.js';
export { DISPATCH_RATE_KEY, takeDispatchBudget } from './publish-rate-limit.js';
export { parseScanResultBody, type ReceivedBody, scanResultBodySchema } from './receive-body.js';
export { receiveScanResult } from './receive-scan-result.js';
export { type ResultHeaders, SCAN_RESULTS_SOURCE } from './receive-signature.js';
export { commitUrl, fileUrl } from './repo-links.js';
export {
  type SastBackend,
  type SastConfig,
  type SastConfigInput,
  sastBackendSchema,
  sastConfigSchema,
} from './sast-config.js';
export type { PublishInput, SastDeps } from './sast-types.js';
export { readProjectSecurity } from './security-view.js';
export {
  type ProjectSummary,
  type ProviderSummary,
  projectSummarySchema,
  providerSummarySchema,
  readProjectSummary,
  readProviderSummary,
  refreshSummaries,
} from './summaries.js';
