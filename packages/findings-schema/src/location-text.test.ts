import { describe, expect, it } from 'vitest';
import type { Location } from './location.js';
import { locationFromText, locationToText, packageFromPurl } from './location-text.js';

describe('location text', () => {
  it.each<[Location, string]>([
    [{ kind: 'source', file: 'src/a.ts', startLine: 12 }, 'src/a.ts:12'],
    [{ kind: 'source', file: 'src/a.ts', startLine: 12, endLine: 14 }, 'src/a.ts:12-14'],
    [{ kind: 'url', url: 'https://a.example/x?y=1' }, 'https://a.example/x?y=1'],
    [{ kind: 'host', host: 'db.internal', port: 5432, protocol: 'tcp' }, 'tcp://db.internal:5432'],
    [{ kind: 'package', name: 'lodash', version: '4.17.15' }, 'lodash@4.17.15'],
    [{ kind: 'package', name: '@babel/core', version: '7.0.0' }, '@babel/core@7.0.0'],
  ])('%o <-> %s', (loc, text) => {
    expect(locationToText(loc)).toBe(text);
    expect(locationFromText(text)).toEqual(loc);
  });

  it('reads a purl into name, version and ecosystem', () => {
    expect(packageFromPurl('pkg:npm/%40scope/pkg@1.2.3?arch=x')).toEqual({
      kind: 'package',
      name: '@scope/pkg',
      version: '1.2.3',
      purl: 'pkg:npm/%40scope/pkg@1.2.3?arch=x',
      ecosystem: 'npm',
    });
  });

  it('returns undefined for text that is no location', () => {
    expect(locationFromText('bkimminich/juice-shop:v10.2.0')).toBeUndefined();
    expect(locationFromText('')).toBeUndefined();
  });
});
