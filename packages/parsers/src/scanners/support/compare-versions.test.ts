import { describe, expect, it } from 'vitest';
import { compareVersions, nextFixedVersion } from './compare-versions.js';

describe('compareVersions / nextFixedVersion', () => {
  it('orders numeric parts as numbers', () => {
    const sorted = ['1.10.0', '1.9.2', 'v1.2', '1.2.0', '1.1.1l-1', '1.1.1k-1'].sort(compareVersions);
    expect(sorted).toEqual(['1.1.1k-1', '1.1.1l-1', 'v1.2', '1.2.0', '1.9.2', '1.10.0']);
  });

  it('picks the first fix above the installed version, else the highest', () => {
    expect(nextFixedVersion('4.0.5', ['3.2.14', '4.0.6'])).toBe('4.0.6');
    expect(nextFixedVersion('3.2.4', ['2.2.26', '3.1.14', '3.2.11'])).toBe('3.2.11');
    expect(nextFixedVersion('9.0.0', ['1.0.0', '2.0.0'])).toBe('2.0.0');
    expect(nextFixedVersion(undefined, ['2.0.0', '1.0.0'])).toBe('1.0.0');
    expect(nextFixedVersion('1.0.0', [])).toBeUndefined();
  });
});
