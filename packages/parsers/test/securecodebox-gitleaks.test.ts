import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactSecret } from '@scanrelay/findings-schema';
import { describe, expect, it } from 'vitest';
import { type ScbOracleFinding, scbGitleaks } from './securecodebox/oracle-gitleaks.js';
import { oracleJson, ourScb } from './securecodebox/our-scb.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = (name: string) => path.join(here, 'data', name);
const report = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as unknown;

/**
 * Our export shows the secret (`offender`) and its line (`line`) only redacted, where secureCodeBox
 * copies them in clear: the oracle's clear values are checked to be absent, then set to ours.
 */
function withOurRedaction(expected: ScbOracleFinding[], ours: ScbOracleFinding[]): ScbOracleFinding[] {
  return expected.map((e, i) => {
    const a = e.attributes;
    const o = ours[i]?.attributes ?? {};
    if (typeof a.offender === 'string' && a.offender !== 'REDACTED' && a.offender !== '') {
      expect(o.offender).toBe(redactSecret(a.offender).redacted);
      if (a.offender.length >= 4) expect(String(o.line)).not.toContain(a.offender);
      return { ...e, attributes: { ...a, offender: o.offender, line: o.line } };
    }
    return e;
  });
}

async function compare(name: string) {
  const ours = await ourScb(file(name), 'gitleaks');
  const expected = oracleJson(scbGitleaks(report(name)));
  expect(ours.findings).toHaveLength(expected.length);
  expect(ours.findings).toEqual(withOurRedaction(expected, ours.findings));
  return ours;
}

describe('secureCodeBox export of gitleaks reports equals secureCodeBox’s parser', () => {
  it('the oracle reproduces secureCodeBox’s snapshot for its test-report.json', () => {
    // Values from secureCodeBox's scanners/gitleaks/parser/parser.test.js inline snapshot.
    const out = oracleJson(scbGitleaks(report('securecodebox/gitleaks-scb-test-report.json')));
    expect(out.map((f) => [f.name, f.severity, f.category, f.osi_layer])).toEqual([
      ['generic-api-key', 'MEDIUM', 'Potential Secret', 'APPLICATION'],
      ['PKCS8-PK', 'MEDIUM', 'Potential Secret', 'APPLICATION'],
      ['slack-access-token', 'MEDIUM', 'Potential Secret', 'APPLICATION'],
      ['generic-api-key', 'MEDIUM', 'Potential Secret', 'APPLICATION'],
    ]);
    expect(out[0]).toEqual({
      name: 'generic-api-key',
      description: 'The name of the rule which triggered the finding: generic-api-key',
      category: 'Potential Secret',
      severity: 'MEDIUM',
      osi_layer: 'APPLICATION',
      attributes: {
        author: 'Commit Author',
        commit: '20202220306db37c13792bc672e57b0598ab680c',
        date: '2022-01-06T15:19:51Z',
        description: 'Generic API Key',
        email: 'committer@some-domain.tld',
        file: 'hooks/persistence-azure-monitor/hook/hook.test.js',
        line: 'Key: "aGVsbG8taS1hbS1hLXRlc3Qta2V5"',
        line_number: 51,
        offender: 'aGVsbG8taS1hbS1hLXRlc3Qta2V5',
        tags: [],
      },
    });
    expect(out[1]?.attributes.tags).toEqual(['PrivateKey']);
    const withRepo = scbGitleaks(
      report('securecodebox/gitleaks-scb-test-report.json'),
      'https://github.com/secureCodeBox/secureCodeBox/',
    );
    expect(withRepo[0]?.attributes.commit).toBe(
      'https://github.com/secureCodeBox/secureCodeBox/commit/20202220306db37c13792bc672e57b0598ab680c',
    );
    // The tags test: HIGH, none, LOW.
    const tags = scbGitleaks(report('securecodebox/gitleaks-scb-tags.json'));
    expect(tags.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM', 'LOW']);
  });

  it('the oracle follows secureCodeBox’s gitleaks 7 parser for lower-case records', () => {
    // Shape and values of secureCodeBox's gitleaks 7 era test-report.json snapshot (AWS → HIGH).
    const [f] = scbGitleaks([
      {
        line: 'aws configure set aws_access_key_id "AKIAS2QBEJFO232FJDO"',
        lineNumber: 67,
        offender: 'AKIAS2QBEJFO232FJDO',
        commit: '2a42fc73f76e3fd9d015d0a98030037a8972e3d1',
        repo: 'web-app',
        rule: 'AWS Manager ID',
        author: 'Max Mustermann',
        email: 'max.mustermann@host.de',
        file: '.gitlab-ci.yml',
        date: '2019-12-11T12:45:48+01:00',
        tags: 'key, AWS',
      },
    ]);
    expect(f).toMatchObject({
      name: 'AWS Manager ID',
      severity: 'HIGH',
      attributes: { line_number: 67, repo: 'web-app', tags: ['key', 'AWS'] },
    });
  });

  it('secureCodeBox’s test-report.json: 4 findings, equal field by field', async () => {
    const { findings, scanrelay } = await compare('securecodebox/gitleaks-scb-test-report.json');
    expect(findings[0]?.attributes.offender).toBe('aGVs********V5');
    expect(findings[0]?.attributes.line).toBe(
      `Key: "${redactSecret('aGVsbG8taS1hbS1hLXRlc3Qta2V5').redacted}"`,
    );
    expect(findings[0]).not.toHaveProperty('location');
    // Our data rides along under attributes.scanrelay: rule, original severity, file and line.
    expect(scanrelay[0]).toMatchObject({
      rule_id: 'generic-api-key',
      original_severity: 'high',
      location_details: {
        kind: 'source',
        file: 'hooks/persistence-azure-monitor/hook/hook.test.js',
        startLine: 51,
      },
    });
  });

  it('secureCodeBox’s tags report: HIGH, MEDIUM, LOW from the rule tags', async () => {
    const { findings } = await compare('securecodebox/gitleaks-scb-tags.json');
    expect(findings.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM', 'LOW']);
  });

  it('a gitleaks 8 report made with --redact and --no-git: kept exactly as secureCodeBox shows it', async () => {
    const { findings } = await compare('securecodebox/gitleaks-v8-redacted.json');
    expect(findings[1]).toMatchObject({
      name: 'private-key',
      severity: 'HIGH',
      attributes: { commit: '', offender: 'REDACTED', line: 'REDACTED', tags: ['HIGH', 'key'] },
    });
    expect(findings[0]?.attributes.line).toBe('STRIPE_KEY=REDACTED');
  });

  it('our gitleaks 8 report with author and email, and gitleaks 7 and 6 reports', async () => {
    const v8 = await compare('secrets/gitleaks-v8.json');
    expect(v8.findings[0]?.attributes).toMatchObject({ email: 'dev@example.com', line_number: 3 });
    expect(JSON.stringify(v8.findings)).not.toContain('ghp_R4nd0mT0k3nV4lu3F0rT3st1ngOnly0000aa');
    const v7 = await compare('secrets/gitleaks-v7.json');
    expect(v7.findings[0]).toMatchObject({
      name: 'Slack Webhook',
      // secureCodeBox's gitleaks 7 parser matches tag words case-sensitively: "slack" is not "Slack".
      severity: 'LOW',
      attributes: { repo: 'demo', tags: ['key', 'slack'], line_number: 12 },
    });
    const v6 = await compare('securecodebox/gitleaks-v6.json');
    expect(v6.findings[0]).toMatchObject({ name: 'AWS Manager ID', severity: 'HIGH' });
    expect(v6.findings[0]?.attributes).not.toHaveProperty('line_number');
  });
});
