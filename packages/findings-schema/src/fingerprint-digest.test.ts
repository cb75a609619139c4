import { describe, expect, it } from 'vitest';
import { fingerprint } from './fingerprint.js';

// Fixed digests: a faster implementation must not change any stored fingerprint.
describe('fingerprint digests', () => {
  it('keeps the digests of identity fields, escapes included', () => {
    const d = {
      tool: { id: 'trivy', name: 'Trivy' },
      ruleId: 'CVE-2020-1|x',
      name: 'n',
      location: { kind: 'package' as const, name: 'a\\b', version: '1', path: 'p' },
      attributes: { resource: 'ns/Kind/name', target: 't' },
    };
    expect(fingerprint(d)).toBe('879373156e2775ff16b3b8746bfc09ffc2ca3627aba020b2907434c242b03ce0');
  });

  it('keeps the digests of tool-provided stable ids', () => {
    const d = {
      tool: { id: 'semgrep', name: 'Semgrep' },
      ruleId: 'r',
      name: 'n',
      stableId: 'abc',
      location: { kind: 'source' as const, file: './src/a.ts', startLine: 3 },
    };
    expect(fingerprint(d)).toBe('84550de154e3afe7653d5653a982bf47be2cff7d8e749b0441ad3d701da6e304');
  });
});
