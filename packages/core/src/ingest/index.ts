export { checkFinding, type FindingValidation } from './check-finding.js';
export { type AwaitedScanQuery, findAwaitedScans } from './find-awaited-scans.js';
export { createIngestService, ingest } from './ingest.js';
export type {
  IngestInput,
  IngestMode,
  IngestResult,
  IngestScanInput,
} from './ingest-types.js';
