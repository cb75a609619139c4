export {
  createFakeGitHub,
  createFakeGitHubApp,
  type FakeGitHub,
  type FakeGitHubOptions,
  type RecordedDispatch,
} from './github/fake-github.js';
export * from './invicti/index.js';
