import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineBadInputCases } from './support/bad-input-cases.js';

describe.runIf(need('fixtures') && need('postgres') && need('redis'))(
  'bad input on PostgreSQL with BullMQ',
  () => {
    defineBadInputCases('postgres');
  },
);
