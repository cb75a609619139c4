import { readdirSync, readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, getParser, ParseError, ParseInput } from '../src/index.js';
import { horusecParser } from '../src/scanners/horusec.js';
import { expectedFor, fixturePath, foreignHeads } from './expected.js';
import { parseDetected, src } from './support/parse-report.js';

const ID = 'horusec';
const data = (name: string) => new URL(`./data/${name}`, import.meta.url).pathname;

const parse = (path: string, oneFindingPerRecord = false) =>
  parseDetected(ID, { path }, { oneFindingPerRecord });

describe.runIf(need('fixtures'))('horusec fixtures (DefectDojo)', () => {
  const entries = expectedFor('horusec');
  /** horres3 and version_2.6.3 each list one Bandit result twice (same vulnHash): we merge it. */
  const MERGED: Record<string, number> = { 'horusec/horres3.json': 1, 'horusec/version_2.6.3.json': 1 };

  it('has the horusec fixtures', () => expect(entries.length).toBe(5));

  // 3/5 counts agree; horres3 (265 vs 266) and version_2.6.3 (266 vs 267): the repeated record is one
  // finding with occurrences 2. With oneFindingPerRecord all 5 agree.
  it.each(entries.map((e) => [e.file, e] as const))('%s', async (file, e) => {
    const merged = MERGED[file] ?? 0;
    const f = await parse(fixturePath(file));
    expect(f).toHaveLength(e.expected_findings! - merged);
    expect(f.reduce((n, x) => n + x.occurrences, 0)).toBe(e.expected_findings);
    expect(await parse(fixturePath(file), true)).toHaveLength(e.expected_findings!);
  });

  it('version_2.6.3.json: findings 0, 50 and the last as DefectDojo reads them', async () => {
    const f = await parse(fixturePath('horusec/version_2.6.3.json'), true);
    expect(f[0]).toMatchObject({
      name: 'Hard-coded password',
      severity: 'critical',
      category: 'Secrets',
      cwe: ['CWE-798'],
    });
    expect(src(f[0])).toMatchObject({ file: 'docker/entrypoint.sh', startLine: 20 });
    expect(f[0]?.identifiedAt).toBe('2021-10-19T17:10:06.589Z');
    expect(f[0]?.tool).toEqual({ id: 'horusec', name: 'Horusec', version: '2.6.3' });
    expect(f[50]?.name).toMatch(/^Detected MD5 hash algorithm which is considered insecure\./);
    expect(f[50]).toMatchObject({
      severity: 'medium',
      location: { file: 'dojo/tools/huskyci/parser.py', startLine: 55 },
    });
    expect(f[266]).toMatchObject({ name: 'Try, Except, Pass detected.', severity: 'low' });
    expect(src(f[266])).toMatchObject({ file: 'tests/base_test_class.py', startLine: 191 });
  });

  it('horres3.json: confidence mapped; never keeps a leaked secret in clear', async () => {
    const f = await parse(fixturePath('horusec/horres3.json'), true);
    expect(f[0]).toMatchObject({ name: 'Hard-coded password', severity: 'critical', confidence: 'medium' });
    expect(src(f[0])).toMatchObject({ file: 'Dockerfile.nginx', startLine: 83 });
    expect(f[265]).toMatchObject({
      name: 'Try, Except, Pass detected.',
      severity: 'low',
      confidence: 'high',
    });
    const doc = JSON.parse(readFileSync(fixturePath('horusec/horres3.json'), 'utf8')) as {
      analysisVulnerabilities: { vulnerabilities: { language: string; code: string } }[];
    };
    const leaks = doc.analysisVulnerabilities.filter((v) => v.vulnerabilities.language === 'Leaks');
    const text = JSON.stringify(f);
    for (const l of leaks)
      if (l.vulnerabilities.code.length > 8) expect(text).not.toContain(l.vulnerabilities.code.trim());
    expect(f.filter((x) => x.secret).length).toBe(leaks.length);
  });

  it('issue_6258.json / pr_6563.json: a finding without a line', async () => {
    const f = await parse(fixturePath('horusec/issue_6258.json'));
    expect(f[0]).toMatchObject({ name: 'No use eval', severity: 'critical' });
    expect(src(f[0])).toEqual({
      kind: 'source',
      file: 'GetGestaoVisaoWeb/src/main/webapp/js/jquery/jquery-ui-1.9.1.custom.min.js',
    });
    expect(f[10]).toMatchObject({ name: 'Remote code injection Apache Log4j', location: { startLine: 35 } });
    expect(f[13]).toMatchObject({
      name: 'Base64 Encode',
      severity: 'medium',
      confidence: 'low',
      location: { startLine: 146 },
    });
    const [p] = await parse(fixturePath('horusec/pr_6563.json'));
    expect(src(p)?.startLine).toBeUndefined();
  });

  it('issue_9939.json: rule_id is the rule, vulnHash the stable id', async () => {
    const [f] = await parse(fixturePath('horusec/issue_9939.json'));
    expect(f).toMatchObject({
      ruleId: 'HS-LEAKS-2',
      stableId: 'e8f8b781ddd0cb64f2abba9979666804018dbe974c2f4e0c1f1a8a3e4b1a0424',
    });
  });

  it('detects no other format', () => {
    for (const { file, head } of foreignHeads(['horusec'], [ID]))
      expect(horusecParser.detect(head), file).toBe(0);
  });
});

describe('horusec own fixtures', () => {
  it('auto-detects every report in test/data/horusec and the small sample', async () => {
    const files = readdirSync(new URL(`./data/${ID}/`, import.meta.url)).map((f) => `${ID}/${f}`);
    for (const f of [...files, 'small/horusec.json'])
      expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('a null analysisVulnerabilities (Go nil slice) is no finding', async () => {
    expect(await parse(data('horusec/horusec-2.6-empty.json'))).toEqual([]);
  });

  it('the small sample: leak redacted, categories, rule ids', async () => {
    const f = await parse(data('small/horusec.json'));
    expect(f.map((x) => [x.ruleId, x.severity, x.category])).toEqual([
      ['HS-LEAKS-26', 'critical', 'Secrets'],
      ['B608', 'medium', 'SAST'],
      ['HS-JAVASCRIPT-1', 'low', 'SAST'],
    ]);
    expect(JSON.stringify(f)).not.toContain('wJalrXUtnFEMI');
  });

  it('a record without details is a ParseError at its JSON path', async () => {
    const text = JSON.stringify({
      analysisVulnerabilities: [{ vulnerabilities: { severity: 'LOW', file: 'a' } }],
    });
    const e = await collect(getParser(ID)!.parse(new ParseInput({ text }))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^horusec: at \$\.analysisVulnerabilities\[0\]\.vulnerabilities\.details: expected/,
    );
  });
});
