import { describe } from 'vitest';
import { defineTriageSuite } from './support/triage-cases.js';

describe('finding triage and OpenVEX over HTTP on SQLite', () => {
  defineTriageSuite('sqlite');
});
