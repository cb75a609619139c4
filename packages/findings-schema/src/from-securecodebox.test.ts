import { describe, expect, it } from 'vitest';
import { sampleFindings } from '../test/sample-findings.js';
import { ConversionError } from './conversion-error.js';
import { fromSecureCodeBox } from './from-securecodebox.js';
import { toSecureCodeBox } from './to-securecodebox.js';

describe('fromSecureCodeBox', () => {
  it('round-trips our findings: severity (critical too), cwe, cve, location, fingerprint, attributes', () => {
    const original = sampleFindings();
    const back = fromSecureCodeBox(
      JSON.parse(JSON.stringify(toSecureCodeBox(original, { name: 's', scanType: 't' }))),
    );
    expect(back).toHaveLength(original.length);
    expect(back.map((f) => f.severity)).toEqual(['critical', 'medium', 'medium', 'low', 'high', 'info']);
    expect(back[0]?.cve).toEqual(['CVE-2021-44228']);
    expect(back[0]?.cwe).toEqual(['CWE-502', 'CWE-917']);
    expect(back[1]?.location).toEqual({
      kind: 'source',
      file: 'src/routes/search.js',
      startLine: 42,
      endLine: 44,
      column: 5,
      endColumn: 30,
    });
    // Everything survives, including the id and the fingerprint.
    expect(back).toEqual(original);
  });

  it('reads the flat attribute keys that exports before `attributes.scanrelay` wrote', () => {
    const [f] = fromSecureCodeBox([
      {
        id: '4ad5a1f6-4f0c-4f56-9b64-7f0c9c5d2b11',
        parsed_at: '2024-01-01T12:00:00.000Z',
        name: 'Hard-coded token',
        category: 'Potential Secret',
        severity: 'HIGH',
        location: 'config/.env:3',
        attributes: {
          original_severity: 'critical',
          original_category: 'secret',
          rule_id: 'github-pat',
          tool: { id: 'gitleaks', name: 'Gitleaks' },
          scanner_attributes: { commit: 'abc123' },
        },
      },
    ]);
    expect(f?.severity).toBe('critical');
    expect(f?.category).toBe('secret');
    expect(f?.ruleId).toBe('github-pat');
    expect(f?.tool).toEqual({ id: 'gitleaks', name: 'Gitleaks' });
    expect(f?.attributes).toEqual({ commit: 'abc123' });
    expect(f?.location).toEqual({ kind: 'source', file: 'config/.env', startLine: 3 });
  });

  it('reads findings written by secureCodeBox itself (trivy parser output)', () => {
    const [f] = fromSecureCodeBox([
      {
        id: '3dd5a1f6-4f0c-4f56-9b64-7f0c9c5d2b11',
        parsed_at: '2023-01-01T12:00:00.000Z',
        name: 'openssl: SM2 Decryption Buffer Overflow',
        category: 'Image Vulnerability',
        severity: 'HIGH',
        location: 'bkimminich/juice-shop:v10.2.0',
        osi_layer: 'NOT_APPLICABLE',
        references: [
          { type: 'CVE', value: 'CVE-2021-3711' },
          { type: 'CWE', value: 'CWE-120' },
        ],
        attributes: {
          packageName: 'libcrypto1.1',
          installedVersion: '1.1.1d-r3',
          vulnerabilityId: 'CVE-2021-3711',
        },
        scan: {
          created_at: '2023-01-01T11:59:00Z',
          name: 'juice',
          namespace: 'default',
          scan_type: 'trivy-image',
        },
      },
    ]);
    expect(f?.severity).toBe('high');
    expect(f?.ruleId).toBe('CVE-2021-3711');
    expect(f?.tool).toEqual({ id: 'securecodebox', name: 'trivy-image' });
    expect(f?.cve).toEqual(['CVE-2021-3711']);
    expect(f?.cwe).toEqual(['CWE-120']);
    expect(f?.location).toEqual({
      kind: 'package',
      name: 'libcrypto1.1',
      version: '1.1.1d-r3',
      path: 'bkimminich/juice-shop:v10.2.0',
    });
    expect(f?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads file:line, URL and host locations from text', () => {
    const base = { parsed_at: '2023-01-01T12:00:00Z', name: 'n', category: 'c', severity: 'LOW' };
    const out = fromSecureCodeBox([
      { ...base, id: '11111111-1111-4111-8111-111111111111', location: 'src/a.py:7' },
      { ...base, id: '22222222-2222-4222-8222-222222222222', location: 'https://x.example/login' },
      { ...base, id: '33333333-3333-4333-8333-333333333333', location: 'tcp://192.0.2.1:3306' },
    ]);
    expect(out.map((f) => f.location)).toEqual([
      { kind: 'source', file: 'src/a.py', startLine: 7 },
      { kind: 'url', url: 'https://x.example/login' },
      { kind: 'host', host: '192.0.2.1', port: 3306, protocol: 'tcp' },
    ]);
  });

  it('rejects bad input with every failing path', () => {
    const bad = [
      { id: 'not-a-uuid', parsed_at: '2023-01-01T12:00:00Z', name: 'n', category: 'c', severity: 'HIGH' },
      {
        id: '11111111-1111-4111-8111-111111111111',
        parsed_at: 'yesterday',
        name: 'n',
        category: 'c',
        severity: 'CRITICAL',
      },
    ];
    let error: unknown;
    try {
      fromSecureCodeBox(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConversionError);
    const e = error as ConversionError;
    expect(e.code).toBe('CONVERSION_ERROR');
    expect(e.issues.map((i) => i.path)).toEqual(['$[0].id', '$[1].parsed_at', '$[1].severity']);
    expect(e.message).toMatch(/^@scanrelay\/findings-schema: invalid secureCodeBox findings: \$\[0\]\.id: /);
  });

  it('rejects a document that is not an array', () => {
    expect(() => fromSecureCodeBox({ findings: [] })).toThrow(/\$: /);
  });
});
