import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineForwardE2eCases } from './support/forward-e2e-cases.js';

describe.runIf(need('fixtures'))(
  'forwarding end to end: scanrelay serve on SQLite, real sinks, fakes',
  () => {
    defineForwardE2eCases('sqlite');
  },
);

describe.runIf(need('fixtures') && need('postgres') && need('redis'))(
  'forwarding end to end: scanrelay serve on PostgreSQL with BullMQ, real sinks, fakes',
  () => {
    defineForwardE2eCases('postgres');
  },
);
