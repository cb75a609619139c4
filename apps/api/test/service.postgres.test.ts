import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineServiceSuite } from './support/service-suite-cases.js';

describe.runIf(need('fixtures') && need('postgres') && need('redis'))(
  'service end to end on PostgreSQL with BullMQ',
  () => {
    defineServiceSuite('postgres');
  },
);
