import { describe } from 'vitest';
import { defineResultsWorkflowCases } from './support/results-workflow-cases.js';

describe('the results workflow’s findings post on SQLite', () => {
  defineResultsWorkflowCases('sqlite');
});
