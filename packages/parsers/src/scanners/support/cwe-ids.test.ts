import { describe, expect, it } from 'vitest';
import { cweIds } from './cwe-ids.js';

describe('cweIds', () => {
  it.each([
    ["CWE-78: Improper Neutralization ... ('OS Command Injection')", ['CWE-78']],
    [
      ['CWE-327: Broken Crypto', 'CWE-696: Incorrect Behavior Order'],
      ['CWE-327', 'CWE-696'],
    ],
    ['1035, 937', ['CWE-1035', 'CWE-937']],
    ['16', ['CWE-16']],
    [16, ['CWE-16']],
    [['cwe-79', 'CWE-79'], ['CWE-79']],
    [[{ cweId: 'CWE-506', name: 'Embedded Malicious Code' }], ['CWE-506']],
    [[{ cve: 'CVE-2021-3711', cwe: 'CWE-120' }], ['CWE-120']],
    [[['CWE-79'], null, undefined, 'NVD-CWE-noinfo', 'CWE-0'], ['CWE-79']],
  ])('%j → %j', (input, ids) => {
    expect(cweIds(input)).toEqual(ids);
  });
});
