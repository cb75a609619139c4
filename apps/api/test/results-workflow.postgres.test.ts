import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineResultsWorkflowCases } from './support/results-workflow-cases.js';

describe.runIf(need('postgres') && need('redis'))(
  'the results workflow’s findings post on PostgreSQL',
  () => {
    defineResultsWorkflowCases('postgres');
  },
);
