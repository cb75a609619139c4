import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineSastE2eCases } from './support/sast-e2e-cases.js';

describe('external SAST end to end: scanrelay serve on SQLite, nothing configured but the providers', () => {
  defineSastE2eCases('sqlite');
});

describe.runIf(need('postgres') && need('redis'))(
  'external SAST end to end: scanrelay serve on PostgreSQL with BullMQ, secrets and signing key from the environment',
  () => {
    defineSastE2eCases('postgres');
  },
);
