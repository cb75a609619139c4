import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineForwardCases } from './support/forward-cases.js';

describe.runIf(need('fixtures'))('forwarding per destination on SQLite', () => {
  defineForwardCases('sqlite');
});
