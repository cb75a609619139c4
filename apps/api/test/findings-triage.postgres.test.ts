import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineTriageSuite } from './support/triage-cases.js';

describe.runIf(need('postgres') && need('redis'))(
  'finding triage and OpenVEX over HTTP on PostgreSQL',
  () => {
    defineTriageSuite('postgres');
  },
);
