export { checkFinding, type FindingValidation } from './check-finding.js';
export { createIngestService, ingest } from './ingest.js';
export {
  INGEST_MODES,
  type IngestInput,
  type IngestMode,
  type IngestResult,
  type IngestScanInput,
} from './ingest-types.js';
