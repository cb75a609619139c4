import { need } from '@scanrelay/test-utils';
import { describe } from 'vitest';
import { defineBadInputCases } from './support/bad-input-cases.js';

describe.runIf(need('fixtures'))('bad input on SQLite with the embedded queue', () => {
  defineBadInputCases('sqlite');
});
