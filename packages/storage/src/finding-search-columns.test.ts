import { describe, expect, it } from 'vitest';
import { findingSearchColumns } from './finding-search-columns.js';

describe('findingSearchColumns', () => {
  it('takes the name, the location kind and the file, package, URL or host', () => {
    expect(
      findingSearchColumns({ name: 'SQLi', location: { kind: 'source', file: 'src/db.ts', startLine: 3 } }),
    ).toEqual({ title: 'SQLi', locationKind: 'source', locator: 'src/db.ts' });
    expect(
      findingSearchColumns({
        name: 'CVE-2021-23337',
        location: { kind: 'package', name: 'lodash', version: '4.17.20' },
      }),
    ).toEqual({ title: 'CVE-2021-23337', locationKind: 'package', locator: 'lodash' });
    expect(
      findingSearchColumns({ name: 'XSS', location: { kind: 'url', url: 'https://a.example/?q=1' } }),
    ).toEqual({
      title: 'XSS',
      locationKind: 'url',
      locator: 'https://a.example/?q=1',
    });
    expect(
      findingSearchColumns({
        name: 'Open port',
        location: { kind: 'host', host: 'db.internal', port: 5432 },
      }),
    ).toEqual({
      title: 'Open port',
      locationKind: 'host',
      locator: 'db.internal',
    });
    expect(findingSearchColumns({ name: 'Weak hash' })).toEqual({
      title: 'Weak hash',
      locationKind: null,
      locator: null,
    });
  });
});
