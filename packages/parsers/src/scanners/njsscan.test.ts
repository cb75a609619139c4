import { describe, expect, it } from 'vitest';
import { ParseInput } from '../io/parse-input.js';
import { isParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { njsscanParser } from './njsscan.js';

const doc = {
  errors: [],
  njsscan_version: '1.0.2',
  nodejs: {
    node_sqli_injection: {
      files: [
        {
          file_path: 'app/db.js',
          match_lines: [4, 9],
          match_position: [1, 24],
          match_string: 'var sql = "SELECT " + id;',
        },
      ],
      metadata: {
        cwe: "CWE-89: Improper Neutralization ... ('SQL Injection')",
        'owasp-web': 'A1: Injection',
        description: 'SQL Injection.',
        severity: 'ERROR',
      },
    },
  },
  templates: {
    handlebar_mustache_template: {
      files: [
        {
          file_path: 'views/a.hbs',
          match_lines: [3, 3],
          match_position: [5, 20],
          match_string: '{{{ user }}}',
        },
        { file_path: 'views/b.hbs', match_lines: [7, 7], match_position: [1, 9], match_string: '{{{ x }}}' },
      ],
      metadata: { cwe: 'CWE-79: XSS', description: 'Unescaped output.', severity: 'INFO' },
    },
  },
};
const parse = (text: string) => collect(njsscanParser.parse(new ParseInput({ text })));

describe('njsscan parser', () => {
  it('makes one finding per file match, in nodejs and templates', async () => {
    const findings = await parse(JSON.stringify(doc));
    expect(findings.map((f) => [f.ruleId, f.severity, f.cwe[0], f.attributes.section])).toEqual([
      ['node_sqli_injection', 'high', 'CWE-89', 'nodejs'],
      ['handlebar_mustache_template', 'low', 'CWE-79', 'templates'],
      ['handlebar_mustache_template', 'low', 'CWE-79', 'templates'],
    ]);
    expect(findings[0]).toMatchObject({
      tool: { version: '1.0.2' },
      description: 'SQL Injection.',
      location: {
        kind: 'source',
        file: 'app/db.js',
        startLine: 4,
        endLine: 9,
        column: 1,
        endColumn: 24,
        snippet: 'var sql = "SELECT " + id;',
      },
      attributes: { owasp: 'A1: Injection' },
    });
  });

  it('gives ParseErrors for a malformed rule and for another document', async () => {
    const broken = { ...doc, nodejs: { rule_x: { files: 'app.js', metadata: { severity: 'ERROR' } } } };
    const e1 = await parse(JSON.stringify(broken)).catch((e: unknown) => e);
    expect(isParseError(e1) && e1.where.path).toBe('$.nodejs.rule_x.files');
    const e2 = await parse('{"results": []}').catch((e: unknown) => e);
    expect(isParseError(e2) && e2.where.path).toBe('$');
  });

  it('is detected, and semgrep output is not taken for njsscan', () => {
    expect(detectScannerFromHead(JSON.stringify(doc))?.scanner).toBe('njsscan');
    expect(njsscanParser.detect('{"results":[{"check_id":"x","extra":{}}],"errors":[]}')).toBe(0);
  });
});

describe('njsscan oneFindingPerRecord', () => {
  it('merges a repeated match by default and keeps each with oneFindingPerRecord', async () => {
    const match = doc.nodejs.node_sqli_injection.files[0];
    const twice = {
      ...doc,
      nodejs: {
        node_sqli_injection: { ...doc.nodejs.node_sqli_injection, files: [match, match] },
      },
      templates: {},
    };
    const text = JSON.stringify(twice);
    const merged = await parse(text);
    expect(merged.map((f) => f.occurrences)).toEqual([2]);
    const each = await collect(njsscanParser.parse(new ParseInput({ text }), { oneFindingPerRecord: true }));
    expect(each.map((f) => [f.ruleId, f.occurrences])).toEqual([
      ['node_sqli_injection', 1],
      ['node_sqli_injection', 1],
    ]);
  });
});

describe('njsscan report versions', () => {
  it('a template match given as a list of lines (pattern matcher), without match_lines or version', async () => {
    // njsscan before njsscan_version was written: the keys the CLI printed, a list match_string.
    const old = {
      errors: [],
      nodejs: {},
      templates: {
        ejs_ssti: {
          files: [
            {
              file_path: 'views/profile.ejs',
              match_position: [12, 40],
              match_string: ['  <%- user.bio %>', '    <%- user.sig %>'],
            },
          ],
          metadata: { description: 'EJS unescaped output.', severity: 'ERROR', cwe: 'CWE-79' },
        },
      },
    };
    const [f] = await parse(JSON.stringify(old));
    expect(f).toMatchObject({
      ruleId: 'ejs_ssti',
      severity: 'high',
      cwe: ['CWE-79'],
      tool: { id: 'njsscan', name: 'njsscan' },
      location: {
        file: 'views/profile.ejs',
        column: 12,
        endColumn: 40,
        snippet: '<%- user.bio %>\n<%- user.sig %>',
      },
    });
    expect(f?.location?.kind === 'source' && f.location.startLine).toBeUndefined();
  });
});
