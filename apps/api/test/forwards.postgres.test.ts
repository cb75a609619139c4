import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineForwardCases } from './support/forward-cases.js';

describe.runIf(need('fixtures') && need('postgres') && need('redis'))(
  'forwarding per destination on PostgreSQL with BullMQ',
  () => {
    defineForwardCases('postgres');
  },
);
