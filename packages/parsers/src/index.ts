export { createTimeSlice, type TimeSlice } from './io/create-time-slice.js';
export { HoldUntilComplete, holdUntilComplete } from './io/hold-until-complete.js';
export { formatJsonPath } from './io/json-path.js';
export { JsonScanner, type JsonScannerOptions } from './io/json-scanner.js';
export { ParseInput, type ParseSource } from './io/parse-input.js';
export { readJson, readText } from './io/read-json.js';
export { readLines } from './io/read-lines.js';
export {
  type JsonBatchStream,
  type JsonMatch,
  type JsonStream,
  type StreamJsonOptions,
  streamJson,
  streamJsonBatches,
  streamJsonWithSkeleton,
} from './io/stream-json.js';
export { isParseError, ParseError, type ParseErrorWhere } from './parse-error.js';
export {
  collect,
  type Detection,
  detectScanner,
  detectScannerFromHead,
  getParser,
  isScannerId,
  listParsers,
  parseReport,
} from './registry.js';
export { SCANNER_IDS, type ScannerId } from './scanner-ids.js';
export { defineParser, type ParseOptions, type ScannerParser } from './scanner-parser.js';
export {
  type InvictiIssue,
  invictiIssueSchema,
  invictiIssueToDraft,
  invictiIssueToFinding,
} from './scanners/invicti-issue.js';
export { mapInvictiIssues } from './scanners/invicti-issue-mapper.js';
export {
  type InvictiReportContext,
  type InvictiReportVulnerability,
  invictiReportVulnerabilitySchema,
  invictiReportVulnerabilityToDraft,
} from './scanners/invicti-report.js';
