import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineServiceSuite } from './support/service-suite-cases.js';

describe.runIf(need('fixtures'))('service end to end on SQLite with the embedded queue', () => {
  defineServiceSuite('sqlite');
});
