export { type ApiKeyList, type ApiKeyView, apiKeyListSchema, apiKeyViewSchema } from './api-key-view.js';
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
  findingPageSchema,
  findingStatusSchema,
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
