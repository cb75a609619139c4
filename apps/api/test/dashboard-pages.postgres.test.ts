import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineDashboardPagesSuite } from './dashboard-pages-cases.js';

describe.runIf(need('postgres') && need('redis'))('dashboard pages on PostgreSQL', () => {
  defineDashboardPagesSuite('postgres');
});
