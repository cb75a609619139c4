import { createFinding, toSecureCodeBox } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { secureCodeBoxParser } from './securecodebox.js';

const critical = createFinding({
  tool: { id: 'trivy', name: 'Trivy' },
  ruleId: 'CVE-2023-4863',
  name: 'libwebp: heap buffer overflow',
  severity: 'critical',
  category: 'Vulnerable dependency',
  location: {
    kind: 'package',
    name: 'libwebp',
    version: '1.3.1-r0',
    fixedVersion: '1.3.2-r0',
    path: 'alpine 3.18',
  },
  cve: ['CVE-2023-4863'],
  cwe: ['CWE-787'],
});
const source = createFinding({
  tool: { id: 'semgrep', name: 'Semgrep' },
  ruleId: 'python.lang.security.audit.eval',
  name: 'eval',
  severity: 'medium',
  category: 'SAST',
  location: { kind: 'source', file: 'app/main.py', startLine: 17 },
});
const text = JSON.stringify(
  toSecureCodeBox([critical, source], { name: 'nightly', scanType: 'scanrelay' }),
  null,
  2,
);
const parse = (t: string) => collect(secureCodeBoxParser.parse(new ParseInput({ text: t })));

describe('securecodebox parser', () => {
  it('reads our own export back exactly, critical severity included', async () => {
    const out = await parse(text);
    expect(out).toEqual([critical, source]);
    expect(out[0]?.severity).toBe('critical');
    expect(out[1]?.location).toEqual({ kind: 'source', file: 'app/main.py', startLine: 17 });
  });

  it('is detected from the head of a findings array', () => {
    expect(detectScannerFromHead(text)?.scanner).toBe('securecodebox');
    expect(secureCodeBoxParser.detect('[{"name": "x"}]')).toBe(0);
    expect(secureCodeBoxParser.detect('{"parsed_at": "x"}')).toBe(0);
  });

  it('names the failing finding and field', async () => {
    const bad = JSON.parse(text);
    bad[1].severity = 'CRITICAL';
    const e = await parse(JSON.stringify(bad)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).where.path).toBe('$[1].severity');
    expect((e as ParseError).message).toMatch(/^@scanrelay\/parsers: securecodebox: at \$\[1\]\.severity/);
  });

  it('refuses a document that is not an array, and truncated JSON', async () => {
    const obj = await parse('{"findings": []}').catch((x: unknown) => x);
    expect((obj as ParseError).message).toMatch(
      /expected a JSON array of secureCodeBox findings, got an object/,
    );
    const cut = await parse(text.slice(0, 200)).catch((x: unknown) => x);
    expect(cut).toBeInstanceOf(ParseError);
  });
});

describe('securecodebox parser: findings of older secureCodeBox releases', () => {
  // The shape secureCodeBox 3 wrote for a trivy finding: no `scan` (added later), no
  // `identified_at`, the trivy parser's top-level `reference`, null optional fields.
  const v3 = [
    {
      id: '7b4a6a2c-3f3e-4a8e-9d0b-0c1d2e3f4a5b',
      parsed_at: '2021-06-01T08:15:30.123Z',
      name: 'CVE-2019-14697 in musl',
      category: 'Image Vulnerability',
      description: 'musl libc through 1.1.23 has an x87 floating-point stack adjustment imbalance.',
      severity: 'HIGH',
      osi_layer: 'NOT_APPLICABLE',
      location: 'bkimminich/juice-shop:v10.2.0',
      mitigation:
        'Update the affected package musl to the fixed version: 1.1.20-r5 or remove the package from the image.',
      references: [
        { type: 'CVE', value: 'CVE-2019-14697' },
        { type: 'URL', value: 'https://www.openwall.com/lists/musl/2019/08/06/1' },
      ],
      reference: {
        id: 'CVE-2019-14697',
        source: 'CVE',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2019-14697',
      },
      attributes: { installedVersion: '1.1.20-r4', fixedVersion: '1.1.20-r5', packageName: 'musl' },
    },
    {
      id: '0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b',
      parsed_at: '2021-06-01T08:15:30.123Z',
      name: 'Open Port 443',
      category: 'Open Port',
      description: null,
      severity: 'INFORMATIONAL',
      osi_layer: 'NETWORK',
      location: null,
      mitigation: null,
      references: null,
      attributes: null,
    },
  ];

  it('reads findings without `scan`, with `reference` and with null fields', async () => {
    const t = JSON.stringify(v3);
    expect(detectScannerFromHead(t)?.scanner).toBe('securecodebox');
    const [trivy, port] = await parse(t);
    expect(trivy).toMatchObject({
      name: 'CVE-2019-14697 in musl',
      severity: 'high',
      category: 'Image Vulnerability',
    });
    expect(trivy?.references).toContain('https://www.openwall.com/lists/musl/2019/08/06/1');
    expect(port).toMatchObject({ name: 'Open Port 443', severity: 'info', category: 'Open Port' });
  });
});
