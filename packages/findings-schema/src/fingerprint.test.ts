import { describe, expect, it } from 'vitest';
import { createFinding, redactSecret } from './create-finding.js';
import { fingerprint } from './fingerprint.js';

const base = {
  tool: { id: 'semgrep', name: 'Semgrep' },
  ruleId: 'js.child-process',
  name: 'child_process with non-literal argument',
  severity: 'high' as const,
  category: 'SAST',
};

describe('fingerprint', () => {
  it('is stable for the same identity and ignores non-identity fields', () => {
    const a = fingerprint({ ...base, location: { kind: 'source', file: './src/run.js', startLine: 12 } });
    const b = fingerprint({
      ...base,
      name: 'other text',
      location: { kind: 'source', file: 'src/run.js', startLine: 12 },
    });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('changes with the line when the tool gives no stable id, and not when it does', () => {
    const at = (line: number, stableId?: string) =>
      fingerprint({ ...base, stableId, location: { kind: 'source', file: 'src/run.js', startLine: line } });
    expect(at(12)).not.toBe(at(13));
    expect(at(12, 'abc123')).toBe(at(40, 'abc123'));
  });

  it('distinguishes two secrets on the same line by their hash', () => {
    const s = (v: string) =>
      fingerprint({
        ...base,
        tool: { id: 'trufflehog', name: 'TruffleHog' },
        secret: redactSecret(v),
        location: { kind: 'source', file: '.env', startLine: 3 },
      });
    expect(s('AKIAAAAAAAAAAAAAAAAA')).not.toBe(s('AKIABBBBBBBBBBBBBBBB'));
  });
});

describe('createFinding', () => {
  it('fills defaults and never keeps a secret value', () => {
    const secret = redactSecret('ghp_0123456789abcdefghijklmnopqrstuvwxyz');
    const f = createFinding({ ...base, secret });
    expect(f.cwe).toEqual([]);
    expect(f.occurrences).toBe(1);
    expect(JSON.stringify(f)).not.toContain('0123456789abcdef');
    expect(f.secret?.redacted.startsWith('ghp_')).toBe(true);
  });

  it('rejects a malformed CWE id with the field that failed', () => {
    expect(() => createFinding({ ...base, cwe: ['79'] })).toThrow(/CWE-<number>/);
  });
});
