import { describe } from 'vitest';
import { defineDashboardPagesSuite } from './dashboard-pages-cases.js';

describe('dashboard pages on SQLite', () => {
  defineDashboardPagesSuite('sqlite');
});
