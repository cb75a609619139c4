import { writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { makeTempDir } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { ParseInput, type ParseSource } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { collect, detectScannerFromHead } from '../registry.js';
import { sarifParser } from './sarif.js';

type Rec = Record<string, unknown>;
const tool = {
  driver: {
    name: 'DemoScanner',
    version: '1.2.3',
    rules: [
      {
        id: 'R1',
        name: 'sql-injection',
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['security', 'external/cwe/cwe-89'], 'security-severity': '9.8' },
      },
      {
        id: 'R2',
        shortDescription: { text: 'Weak hash' },
        properties: { tags: ['CWE-328'] },
        messageStrings: { default: { text: 'Use of {0} in {1}.' } },
      },
      { id: 'R3', defaultConfiguration: { level: 'note' }, helpUri: 'https://example.com/r3' },
    ],
  },
  extensions: [
    { name: 'pack', rules: [{ id: 'X1', properties: { 'security-severity': 'low', cwe: 'CWE-22' } }] },
  ],
};
const loc = (file: string, line: number) => ({
  physicalLocation: {
    artifactLocation: { uri: file },
    region: { startLine: line, snippet: { text: 'q = "select " + x' } },
  },
});
const log = (results: Rec[], runExtra: Rec = {}) =>
  JSON.stringify({ version: '2.1.0', runs: [{ tool, results, ...runExtra }] });
const parse = (source: ParseSource) => collect(sarifParser.parse(new ParseInput(source)));

describe('sarif parser', () => {
  it('reads rules by index, by id and from extensions; severity from security-severity, else level', async () => {
    const findings = await parse({
      text: log([
        {
          ruleIndex: 0,
          ruleId: 'R1',
          message: { text: 'SQL injection\nmore' },
          locations: [loc('src/db.js', 10)],
        },
        {
          ruleId: 'R2',
          message: { id: 'default', arguments: ['md5', 'auth.js'] },
          level: 'warning',
          locations: [loc('src/auth.js', 3)],
        },
        { ruleId: 'R3', message: { text: 'Note' }, locations: [loc('a.txt', 1)] },
        {
          rule: { id: 'X1', index: 0, toolComponent: { index: 0 } },
          message: { text: 'Path' },
          locations: [loc('b.txt', 2)],
        },
        { ruleId: 'R9', message: { text: 'Unknown rule' }, locations: [loc('c.txt', 3)] },
      ]),
    });
    expect(findings.map((f) => [f.ruleId, f.name, f.severity, f.cwe])).toEqual([
      ['R1', 'SQL injection', 'critical', ['CWE-89']],
      ['R2', 'Use of md5 in auth.js.', 'medium', ['CWE-328']],
      ['R3', 'Note', 'low', []],
      ['X1', 'Path', 'low', ['CWE-22']],
      ['R9', 'Unknown rule', 'medium', []],
    ]);
    expect(findings[0]).toMatchObject({
      tool: { id: 'sarif', name: 'DemoScanner', version: '1.2.3' },
      cvss: { score: 9.8 },
      description: 'SQL injection\nmore',
    });
    expect(findings[2]?.references).toEqual(['https://example.com/r3']);
  });

  it('honours partialFingerprints: a line shift keeps the fingerprint; without them it does not', async () => {
    const at = (line: number, fp?: Rec) =>
      parse({
        text: log([
          {
            ruleId: 'R1',
            message: { text: 'm' },
            locations: [loc('src/db.js', line)],
            ...(fp ? { partialFingerprints: fp } : {}),
          },
        ]),
      });
    const fp = { primaryLocationLineHash: '39fa2ee980eb94b0:1' };
    const [a] = await at(10, fp);
    const [b] = await at(12, fp);
    expect(a?.stableId).toBe('primaryLocationLineHash:39fa2ee980eb94b0:1');
    expect(b?.fingerprint).toBe(a?.fingerprint);
    const [c] = await at(10);
    const [d] = await at(12);
    expect(c?.fingerprint).not.toBe(d?.fingerprint);
  });

  it('gives one finding per location (distinct fingerprints), and one for a result without location', async () => {
    const findings = await parse({
      text: log([
        {
          ruleId: 'R1',
          message: { text: 'm' },
          fingerprints: { 'h/v1': 'old', 'h/v2': 'new' },
          locations: [loc('a.js', 1), loc('b.js', 2), loc('a.js', 9)],
        },
        { ruleId: 'R3', message: { text: 'repo-wide' } },
        { ruleId: 'R3', kind: 'pass', message: { text: 'passed' } },
      ]),
    });
    expect(
      findings.map((f) => [
        f.location?.kind === 'source' ? `${f.location.file}:${f.location.startLine}` : undefined,
        f.stableId,
      ]),
    ).toEqual([
      ['a.js:1', 'new'],
      ['b.js:2', 'new|location:1'],
      ['a.js:9', 'new|location:2'],
      [undefined, undefined],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(4);
  });

  it('keeps suppressed results, flagged, unless every suppression was rejected', async () => {
    const findings = await parse({
      text: log([
        { ruleId: 'R1', message: { text: 'a' }, suppressions: [{ kind: 'inSource' }] },
        { ruleId: 'R1', message: { text: 'b' }, suppressions: [{ kind: 'external', status: 'rejected' }] },
        { ruleId: 'R1', message: { text: 'c' } },
      ]),
    });
    expect(findings.map((f) => f.attributes.suppressed)).toEqual([true, false, undefined]);
  });

  it('takes the secret out of secret scanners results: hashed, masked in snippet and message', async () => {
    const secret = 'AKIAABCDEFGHIJKLMNOP';
    const results = [
      {
        message: { text: `AWS key ${secret}` },
        properties: { offender: secret, commit: 'abc' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: '.env' },
              region: { startLine: 2, snippet: { text: `KEY=${secret}` } },
            },
          },
        ],
      },
    ];
    const [f] = await parse({
      text: JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Gitleaks' } }, results }] }),
    });
    expect(f).toMatchObject({
      category: 'Secrets',
      cwe: ['CWE-798'],
      secret: { redacted: 'AKIA********OP' },
      attributes: { properties: { commit: 'abc' } },
    });
    expect(JSON.stringify(f)).not.toContain(secret);
  });

  it('handles a run whose tool comes after its results: a file is read twice, a stream is held', async () => {
    const text = JSON.stringify({
      version: '2.1.0',
      runs: [{ results: [{ ruleIndex: 0, message: { text: 'm' } }], tool }],
    });
    const tmp = makeTempDir();
    try {
      const file = `${tmp.dir}/late-tool.sarif`;
      writeFileSync(file, text);
      for (const source of [
        { path: file },
        { stream: Readable.from([Buffer.from(text)]) },
      ] as ParseSource[]) {
        const [f] = await parse(source);
        expect([f?.tool.name, f?.ruleId, f?.severity, f?.cwe]).toEqual([
          'DemoScanner',
          'R1',
          'critical',
          ['CWE-89'],
        ]);
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses other SARIF versions, non-SARIF JSON and cut files', async () => {
    await expect(parse({ text: '{"version":"1.0.0","runs":[]}' })).rejects.toThrow(/SARIF version 2.1.0/);
    await expect(parse({ text: '{"results":[]}' })).rejects.toThrow(/a SARIF log/);
    const cut = log([{ ruleId: 'R1', message: { text: 'm' } }]).slice(0, -20);
    const err = await parse({ text: cut }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).where.path).toMatch(/^\$\.runs\[0\]/);
  });

  it('is detected by $schema or version + runs', () => {
    expect(
      detectScannerFromHead(
        '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": []}',
      )?.scanner,
    ).toBe('sarif');
    expect(detectScannerFromHead(log([]))?.scanner).toBe('sarif');
    expect(sarifParser.detect('{"results": [], "version": "1.0"}')).toBe(0);
  });
});

describe('sarif shapes of other producers', () => {
  it('kind without level is none (info); taxa give CWEs; a tool without rules is read by ruleId', async () => {
    const bare = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Bare', informationUri: 'https://example.com/bare' } },
          taxonomies: [{ name: 'CWE', taxa: [{ id: '79' }] }],
          results: [
            {
              ruleId: 'xss',
              kind: 'review',
              message: { text: 'Check this output' },
              locations: [loc('v.html', 4)],
            },
            { ruleId: 'xss', kind: 'informational', message: { text: 'Template seen' } },
            {
              ruleId: 'xss',
              message: { text: 'Reflected XSS' },
              taxa: [{ id: '79', toolComponent: { name: 'CWE' } }],
              locations: [loc('v.html', 9)],
            },
            { ruleId: 'open', kind: 'open', level: 'error', message: { text: 'Unknown yet' } },
          ],
        },
      ],
    });
    const findings = await parse({ text: bare });
    expect(findings.map((f) => [f.ruleId, f.severity, f.attributes.kind])).toEqual([
      ['xss', 'info', 'review'],
      ['xss', 'info', 'informational'],
      ['xss', 'medium', 'fail'],
      ['open', 'high', 'open'],
    ]);
    expect(findings[2]?.cwe).toEqual(['CWE-79']);
    expect(findings[0]?.tool).toMatchObject({ name: 'Bare' });
  });
});
