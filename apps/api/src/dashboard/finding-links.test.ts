import { describe, expect, it } from 'vitest';
import { httpUrl } from '../security-page/html.js';
import { cweUrl, vulnerabilityUrl } from './finding-links.js';

describe('finding links', () => {
  it('links only http(s) URLs without credentials', () => {
    expect(httpUrl('https://example.test/a?b=1')).toBe('https://example.test/a?b=1');
    expect(httpUrl('http://example.test')).toBe('http://example.test/');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      'https://u:p@example.test/',
      '/relative',
      'nope',
      undefined,
    ])
      expect(httpUrl(bad)).toBeUndefined();
  });

  it('links CWE ids to MITRE, CVE ids to NVD, GHSA ids to GitHub advisories, nothing else', () => {
    expect(cweUrl('CWE-79')).toBe('https://cwe.mitre.org/data/definitions/79.html');
    expect(cweUrl('CWE-79"><x')).toBeUndefined();
    expect(vulnerabilityUrl('CVE-2024-12345')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2024-12345');
    expect(vulnerabilityUrl('GHSA-29mw-wpgm-hmr9')).toBe('https://github.com/advisories/GHSA-29mw-wpgm-hmr9');
    expect(vulnerabilityUrl('OSV-2024-1')).toBeUndefined();
    expect(vulnerabilityUrl('CVE-2024-1/../x')).toBeUndefined();
  });
});
