import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { detectScanner, ParseError } from '../src/index.js';
import { semgrepParser } from '../src/scanners/semgrep.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { parseDetected, parseFindings } from './support/parse-report.js';

const parseFixture = (file: string, scannerType = 'auto') =>
  parseDetected('semgrep', { path: fixturePath(file) }, { scannerType });
const parseText = (text: string) => parseFindings({ text }, { scannerType: 'semgrep' });

describe.runIf(need('fixtures'))('semgrep Pro fixtures (DefectDojo semgrep_pro)', () => {
  const entries = expectedFor('semgrep_pro');

  it('has the semgrep_pro fixtures', () => expect(entries.length).toBe(3));

  // 3/3 counts agree. no_vuln.json is `{"findings": []}`, the same document as
  // aws_inspector2/aws_inspector2_zero_vul.json: detection gives it to aws-inspector2 (60); read as semgrep it is empty.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const empty = file === 'semgrep_pro/no_vuln.json';
    expect((await detectScanner({ path: fixturePath(file) })).scanner).toBe(
      empty ? 'aws-inspector2' : 'semgrep',
    );
    const findings = await parseFixture(file, empty ? 'semgrep' : 'auto');
    expect(findings).toHaveLength(e.expected_findings ?? -1);
  });

  it('one_vuln.json: rule, severity, file and line, CWE, match-based id, platform state', async () => {
    const [f] = await parseFixture('semgrep_pro/one_vuln.json');
    expect(f).toMatchObject({
      tool: { id: 'semgrep', name: 'Semgrep' },
      ruleId: 'typescript.react.security.audit.react-no-refs.react-no-refs',
      severity: 'medium',
      confidence: 'medium',
      category: 'SAST',
      cwe: ['CWE-319'],
      identifiedAt: '2020-11-18T23:28:12.391Z',
      location: {
        kind: 'source',
        file: 'frontend/src/corpComponents/Code.tsx',
        startLine: 120,
        endLine: 124,
        column: 8,
        endColumn: 16,
      },
      references: [
        'https://github.com/semgrep/semgrep/blob/39f95450a7d4d70e54c9edbd109bed8210a36889/src/core_cli/Core_CLI.ml#L1',
      ],
      attributes: {
        platformId: 1234567,
        status: 'open',
        triageState: 'untriaged',
        repository: 'semgrep',
        autotriageVerdict: 'false_positive',
      },
    });
    expect(f?.stableId).toMatch(/^0f8c79a6f7e0ff2f908ff5bc.*_1$/);
    expect(f?.description).toMatch(/^`ref` usage found\./);
    expect(f?.mitigation).toMatch(/^Use a template rendering engine/);
  });

  it('multiple_cwes_fabricated.json: CWE-319 then CWE-311', async () => {
    const [f] = await parseFixture('semgrep_pro/multiple_cwes_fabricated.json');
    expect(f?.cwe).toEqual(['CWE-319', 'CWE-311']);
  });

  it('detection is exclusive: semgrep claims no file of another folder or parser', () => {
    const except = ['aws_inspector2/aws_inspector2_zero_vul.json'];
    // test/data/securecodebox/semgrep-* are semgrep reports by design.
    for (const { file, head } of foreignHeads(['semgrep', 'semgrep_pro'], ['semgrep'], except))
      if (!file.includes('/semgrep')) expect(semgrepParser.detect(head), file).toBe(0);
  });
});

describe('semgrep Pro CLI output (semgrep ci)', () => {
  const proResult = {
    check_id: 'javascript.express.security.injection.tainted-sql-string',
    path: 'src/db.js',
    start: { line: 10, col: 5, offset: 120 },
    end: { line: 10, col: 40, offset: 155 },
    extra: {
      message: 'User data flows into a SQL string.',
      severity: 'ERROR',
      metadata: { cwe: ['CWE-89: SQL Injection'], 'semgrep.dev': { rule: { rule_id: 'abc' } } },
      fingerprint: 'f1e2d3c4b5a6_0',
      lines: 'db.query("SELECT " + req.query.id)',
      is_ignored: false,
      engine_kind: 'PRO',
      validation_state: 'NO_VALIDATOR',
      dataflow_trace: {
        taint_source: [
          'CliLoc',
          [{ path: 'src/db.js', start: { line: 9 }, end: { line: 9 } }, 'req.query.id'],
        ],
        intermediate_vars: [],
      },
    },
  };
  const scaResult = {
    check_id: 'ssc-7d2b3c4d-lodash',
    path: 'package-lock.json',
    start: { line: 42, col: 1 },
    end: { line: 42, col: 1 },
    extra: {
      message: 'Prototype pollution in lodash',
      severity: 'ERROR',
      metadata: { 'sca-vuln-database-identifier': 'CVE-2019-10744', cwe: 'CWE-1321' },
      engine_kind: 'OSS',
      sca_info: {
        reachable: false,
        reachability_rule: false,
        sca_finding_schema: 20220913,
        dependency_match: {
          dependency_pattern: { ecosystem: 'npm', package: 'lodash', semver_range: '< 4.17.12' },
          found_dependency: {
            package: 'lodash',
            version: '4.17.11',
            ecosystem: 'npm',
            allowed_hashes: {},
            transitivity: 'direct',
            line_number: 42,
          },
          lockfile: 'package-lock.json',
        },
      },
    },
  };

  it('keeps a Pro interfile result as SAST, with engine and dataflow marks', async () => {
    const [f] = await parseText(JSON.stringify({ version: '1.90.0', results: [proResult], errors: [] }));
    expect(f).toMatchObject({
      category: 'SAST',
      severity: 'high',
      cwe: ['CWE-89'],
      stableId: 'f1e2d3c4b5a6_0',
      attributes: { engineKind: 'PRO', validationState: 'NO_VALIDATOR', dataflowTrace: true },
    });
  });

  it('reads a supply-chain result: SCA with package, reachability and CVE', async () => {
    const [f] = await parseText(JSON.stringify({ version: '1.90.0', results: [scaResult], errors: [] }));
    expect(f).toMatchObject({
      category: 'SCA',
      cve: ['CVE-2019-10744'],
      attributes: {
        reachable: false,
        package: { name: 'lodash', version: '4.17.11', ecosystem: 'npm', lockfile: 'package-lock.json' },
      },
    });
  });

  it('a platform finding without its location is a ParseError at its path', async () => {
    const text = JSON.stringify({ findings: [{ rule_name: 'r', severity: 'high' }] });
    const e = await parseText(text).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^semgrep: at \$\.findings\[0\]\.location: expected a Semgrep platform finding/,
    );
  });
});
