export { type ApiKeyList, type ApiKeyView, apiKeyListSchema, apiKeyViewSchema } from './api-key-view.js';
export {
  type FindingHistory,
  type FindingHistoryEntry,
  findingHistoryEntrySchema,
  findingHistorySchema,
} from './finding-history.js';
export {
  FINDING_LOCATION_KINDS,
  FINDING_SEARCH_MAX,
  FINDING_SORTS,
  type FindingLocationKind,
  type FindingSort,
  findingLocationKindSchema,
  SORT_ORDERS,
  type SortOrder,
} from './finding-query.js';
export {
  type BulkTriageRequest,
  type BulkTriageResult,
  bulkTriageRequestSchema,
  bulkTriageResultSchema,
  FINDING_STATUS_ALIASES,
  FINDING_STATUS_INPUTS,
  type FindingStatusInput,
  findingStatusOf,
  TRIAGE_STATUSES,
  type TriageFilter,
  type TriageRequest,
  type TriageStatus,
  type TriageStatusInput,
  triageFilterSchema,
  triageRequestSchema,
  triageStatusInputSchema,
} from './finding-triage.js';
export {
  type FindingsIngestBody,
  type FindingsIngestQuery,
  type FindingsIngestResult,
  findingsIngestBodySchema,
  findingsIngestQuerySchema,
  findingsIngestResultSchema,
} from './findings-ingest.js';
export {
  FORWARD_STATUSES,
  type Forward,
  type ForwardList,
  type ForwardPage,
  type ForwardRequest,
  type ForwardStatus,
  forwardListSchema,
  forwardPageSchema,
  forwardRequestSchema,
  forwardSchema,
  forwardStatusSchema,
} from './forward.js';
export { type Health, healthSchema } from './health.js';
export { IMPORT_TYPES, type ImportType, importTypeSchema } from './import-types.js';
export {
  type InvictiScanRegistered,
  type InvictiScanRegistration,
  invictiScanRegisteredSchema,
  invictiScanRegistrationSchema,
} from './invicti-scan-registration.js';
export {
  JOB_STATUSES,
  type Job,
  type JobLogLine,
  type JobPage,
  type JobStatus,
  jobLogLineSchema,
  jobPageSchema,
  jobSchema,
  jobStatusSchema,
  TERMINAL_JOB_STATUSES,
} from './job.js';
export {
  OPENVEX_CONTEXT,
  OPENVEX_JUSTIFICATIONS,
  OPENVEX_STATUSES,
  type OpenVexDocument,
  type OpenVexJustification,
  type OpenVexStatement,
  openVexDocumentSchema,
  openVexStatementSchema,
} from './openvex.js';
export { pageSchema } from './page.js';
export { plainTextSchema } from './plain-text.js';
export { type FieldError, fieldErrorSchema, type Problem, problemSchema } from './problem.js';
export { type ProjectName, projectNameSchema } from './project-name.js';
export * from './sast.js';
export { type ScanRefetch, scanRefetchSchema } from './scan-refetch.js';
export { type ScanPage, type ScanView, scanPageSchema, scanViewSchema } from './scan-view.js';
export {
  FINDING_STATUSES,
  type FindingPage,
  type FindingStatus,
  type FindingTriage,
  findingPageSchema,
  findingStatusSchema,
  findingTriageSchema,
  type StoredFinding,
  storedFindingSchema,
} from './stored-finding.js';
export { type UploadAccepted, uploadAcceptedSchema } from './upload-accepted.js';
export { type WebhookAccepted, webhookAcceptedSchema } from './webhook-accepted.js';
export {
  type WebhookDelivery,
  type WebhookDeliveryPage,
  webhookDeliveryPageSchema,
  webhookDeliverySchema,
} from './webhook-delivery.js';
