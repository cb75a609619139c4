import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { SEMGREP_SEVERITY, semgrepParser } from './semgrep.js';

const result = (over: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  check_id: 'javascript.lang.security.detect-child-process.detect-child-process',
  path: 'src/run.js',
  start: { line: 12, col: 3, offset: 240 },
  end: { line: 12, col: 22, offset: 259 },
  extra: {
    message: 'Detected child_process with non-literal argument',
    severity: 'ERROR',
    metadata: {
      cwe: ['CWE-78: OS Command Injection'],
      confidence: 'LOW',
      category: 'security',
      references: ['https://owasp.org/x'],
    },
    fingerprint: 'requires login',
    lines: 'requires login',
    is_ignored: false,
    ...extra,
  },
  ...over,
});
const report = (results: unknown[], rest: Record<string, unknown> = {}) =>
  JSON.stringify({ version: '1.100.0', results, errors: [], paths: { scanned: ['src/run.js'] }, ...rest });
const parse = (text: string, warnings: string[] = []) =>
  collect(semgrepParser.parse(new ParseInput({ text }), { onWarning: (w) => warnings.push(w) }));

describe('semgrep parser', () => {
  it('maps a result: source location, CWE, confidence, references; "requires login" is neither id nor snippet', async () => {
    const [f] = await parse(report([result()]));
    expect(f).toMatchObject({
      tool: { id: 'semgrep', name: 'Semgrep', version: '1.100.0' },
      ruleId: 'javascript.lang.security.detect-child-process.detect-child-process',
      description: 'Detected child_process with non-literal argument',
      severity: 'high',
      category: 'SAST',
      confidence: 'low',
      cwe: ['CWE-78'],
      references: ['https://owasp.org/x'],
      location: { kind: 'source', file: 'src/run.js', startLine: 12, endLine: 12, column: 3, endColumn: 22 },
    });
    expect(f?.stableId).toBeUndefined();
    expect(f?.location?.kind === 'source' && f.location.snippet).toBeUndefined();
  });

  it('maps every semgrep severity word', async () => {
    const words = Object.keys(SEMGREP_SEVERITY);
    const findings = await parse(
      report(words.map((w, i) => result({ start: { line: i + 1, col: 1 } }, { severity: w }))),
    );
    expect(findings.map((f) => f.severity)).toEqual([
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'info',
      'info',
    ]);
  });

  it('uses the fingerprint as stable id: a moved line keeps its identity', async () => {
    const at = (line: number) =>
      result({ start: { line, col: 1 } }, { fingerprint: 'abc123', lines: 'exec(cmd)' });
    const [a] = await parse(report([at(12)]));
    const [b] = await parse(report([at(40)]));
    expect(a?.stableId).toBe('abc123');
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.location).toMatchObject({ snippet: 'exec(cmd)' });
  });

  it('skips nosemgrep-ignored results and reports scan errors, with warnings', async () => {
    const warnings: string[] = [];
    const findings = await parse(
      report([result(), result({ path: 'b.js' }, { is_ignored: true })], {
        errors: [{ code: 3, level: 'warn' }],
      }),
      warnings,
    );
    expect(findings).toHaveLength(1);
    expect(warnings).toEqual([
      'semgrep: skipped 1 result(s) marked is_ignored (nosemgrep)',
      'semgrep: the report lists 1 scan error(s); they are not findings',
    ]);
  });

  it('with oneFindingPerRecord keeps ignored results and repeats, and the record secureCodeBox reads', async () => {
    const text = report([result(), result(), result({ path: 'b.js' }, { is_ignored: true })]);
    const each = await collect(semgrepParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    expect(each.map((f) => [f.occurrences, f.attributes.ignored])).toEqual([
      [1, undefined],
      [1, undefined],
      [1, true],
    ]);
    expect(each[0]?.attributes.record).toEqual({
      path: 'src/run.js',
      start: 12,
      end: 12,
      message: 'Detected child_process with non-literal argument',
      severity: 'ERROR',
      metadata: {
        cwe: ['CWE-78: OS Command Injection'],
        category: 'security',
        references: ['https://owasp.org/x'],
      },
    });
    expect(await parse(text)).toHaveLength(1);
  });

  it('accepts a result whose metadata is null (a raw JSON value in semgrep’s output schema)', async () => {
    const [f] = await parse(report([result({}, { metadata: null })]));
    expect(f).toMatchObject({
      ruleId: 'javascript.lang.security.detect-child-process.detect-child-process',
      cwe: [],
    });
  });

  it('warns on an unknown severity and keeps the finding as medium', async () => {
    const warnings: string[] = [];
    const [f] = await parse(report([result({}, { severity: 'SEVERE-ISH' })]), warnings);
    expect(f?.severity).toBe('medium');
    // The value is report content: described, not quoted (issue 10 item 4).
    expect(warnings[0]).toMatch(
      /\$\.results\[0\]: unknown severity \(a string of 10 characters\); using medium/,
    );
    expect(warnings[0]).not.toContain('SEVERE');
  });

  it('gives ParseErrors for a malformed result and for a document that is not semgrep output', async () => {
    const bad = await parse(report([result({ start: { line: 'x' } })])).catch((e: unknown) => e);
    expect(isParseError(bad) && bad.where.path).toBe('$.results[0].start.line');
    const other = await parse('{"matches": []}').catch((e: unknown) => e);
    expect(isParseError(other) && other.message).toMatch(/semgrep --json object/);
  });

  it('is detected from results with check_id, and an empty report is a weak guess', () => {
    expect(detectScannerFromHead(report([result()]))?.scanner).toBe('semgrep');
    expect(semgrepParser.detect('{"results": [], "errors": []}')).toBe(40);
    expect(semgrepParser.detect('{"results":[{"source":{"path":"a"},"packages":[]}]}')).toBe(0);
  });
});
