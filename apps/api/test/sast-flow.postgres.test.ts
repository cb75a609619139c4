import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineSastFlowSuite } from './support/sast-flow-cases.js';

describe.runIf(need('postgres') && need('redis'))(
  'external SAST results, security view and blocklist on PostgreSQL with BullMQ',
  () => {
    defineSastFlowSuite('postgres');
  },
);
