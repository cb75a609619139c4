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
