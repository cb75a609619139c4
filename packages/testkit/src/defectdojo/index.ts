export { createFakeDefectDojo, type FakeDefectDojo } from './fake-defectdojo.js';
export {
  createFakeDefectDojoApp,
  type DojoRequestLog,
  type FakeDefectDojoApp,
  type FakeDefectDojoOptions,
  type RecordedDojoImport,
} from './fake-defectdojo-app.js';
export { DEFECTDOJO_SCAN_TYPES } from './known-scan-types.js';
