import { describe } from 'vitest';
import { defineSastFlowSuite } from './support/sast-flow-cases.js';

describe('external SAST results, security view and blocklist on SQLite', () => {
  defineSastFlowSuite('sqlite');
});
