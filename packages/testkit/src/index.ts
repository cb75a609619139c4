export * from './defectdojo/index.js';
export * from './git-http/index.js';
export {
  createFakeGitHub,
  createFakeGitHubApp,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedDispatch,
} from './github/fake-github.js';
export * from './invicti/index.js';
export * from './phoenix/index.js';
export * from './webhook-receiver/index.js';
