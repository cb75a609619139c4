// The wire shapes (and their zod schemas) live in @scanrelay/api-schema; these are the ones the client returns.
export {
  type AttestationKeys,
  type BlocklistEntryView,
  type BlocklistLifted,
  type BlocklistList,
  type BulkTriageRequest,
  type BulkTriageResult,
  type FindingHistory,
  type FindingHistoryEntry,
  type FindingsIngestBody,
  type FindingsIngestResult,
  type FindingTriage,
  type Forward,
  type ForwardList,
  findingStatusOf,
  type Health,
  IMPORT_TYPES,
  type ImportType,
  type Job,
  type JobLogLine,
  type JobPage,
  type JobStatus,
  type OpenVexDocument,
  type ProjectBlocklist,
  type ProjectSecurity,
  type ProviderSecurity,
  type PublishAnswer,
  type PublishRequest,
  type ScanPage,
  type ScanView,
  type SecurityFinding,
  type SkillsPublishRequest,
  type StoredFinding,
  TERMINAL_JOB_STATUSES,
  type TriageFilter,
  type TriageRequest,
  type TriageStatusInput,
  type UploadAccepted,
} from '@scanrelay/api-schema';
export { ClientError, isClientError } from './client-error.js';
export {
  type ClientOptions,
  createScanrelayClient,
  type FindingFilters,
  type PhoenixOverrides,
  type ScanrelayClient,
  type UploadOptions,
} from './create-client.js';
export {
  decideOnError,
  decideOnSecurity,
  FAIL_ON,
  type FailOn,
  GATE_EXIT,
  type GateDecision,
  type GateOptions,
  type GateOutcome,
  severitiesAtOrAbove,
} from './gate-decision.js';
export { registerInvictiScan } from './register-invicti-scan.js';
export type { SastClient } from './sast-client.js';
export { type ParseSseOptions, parseSse, type SseEvent } from './sse.js';
export type { JobLogEvent, StreamJobLogsOptions } from './stream-job-logs.js';
export type { TriageClient } from './triage-client.js';
