export { createFakePhoenix, type FakePhoenix } from './fake-phoenix.js';
export {
  createFakePhoenixApp,
  type FakePhoenixApp,
  type FakePhoenixOptions,
  type PhoenixRequestLog,
  type RecordedImport,
  type RecordedTranslate,
} from './fake-phoenix-app.js';
