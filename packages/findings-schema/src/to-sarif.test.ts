import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleFindings, triagedSampleFindings } from '../test/sample-findings.js';
import { createFinding } from './create-finding.js';
import type { Finding } from './finding.js';
import { toSarif } from './to-sarif.js';

// The official SARIF 2.1.0 JSON Schema (draft-04), as shipped by Microsoft's @microsoft/jest-sarif.
const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
// The schema's language pattern is not valid with the `u` flag, hence unicodeRegExp: false.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

function manyFindings(n: number, tool = 'semgrep'): Finding[] {
  const base = createFinding({
    tool: { id: tool, name: tool },
    ruleId: 'r1',
    name: 'n',
    severity: 'low',
    category: 'SAST',
    location: { kind: 'source', file: 'a.js', startLine: 1 },
  });
  return Array.from({ length: n }, (_, i) => ({ ...base, severity: i === n - 1 ? 'critical' : 'low' }));
}

describe('toSarif', () => {
  const log = toSarif(sampleFindings(), { defaultArtifactUri: 'Dockerfile' });

  it('is valid against the SARIF 2.1.0 schema', () => {
    const ok = validateSarif(log);
    expect(validateSarif.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
    // The validator is not vacuous: a run without a driver name is refused.
    expect(validateSarif({ ...log, runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
  });

  it('writes one run per tool with its rules', () => {
    expect(log.runs.map((r) => r.tool.driver.name)).toEqual([
      'Trivy',
      'Semgrep',
      'OWASP ZAP',
      'Nuclei',
      'Gitleaks',
      'npm audit',
    ]);
    const trivy = log.runs[0]!;
    expect(trivy.tool.driver.version).toBe('0.50.1');
    const rule = trivy.tool.driver.rules[0]!;
    expect(rule.id).toBe('CVE-2021-44228');
    expect(rule.shortDescription.text).toBe('CVE-2021-44228 org.apache.logging.log4j:log4j-core 2.14.1');
    expect(rule.help.text).toContain('JNDI');
    expect(rule.helpUri).toBe('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
    expect(rule.properties.tags).toEqual([
      'security',
      'external/cwe/cwe-502',
      'external/cwe/cwe-917',
      'vulnerable dependency',
    ]);
    // CVSS 10.0 lies in the critical band, so it is used as the security severity.
    expect(rule.properties['security-severity']).toBe('10.0');
  });

  it('maps severities to levels and security-severity', () => {
    const levels = log.runs.map((r) => [
      r.results[0]!.level,
      r.tool.driver.rules[0]!.properties['security-severity'],
    ]);
    expect(levels).toEqual([
      ['error', '10.0'],
      ['warning', '5.5'],
      ['warning', '5.5'],
      ['note', '2.0'],
      ['error', '8.0'],
      ['note', '0.0'],
    ]);
  });

  it('gives source findings a repository-relative uri and region, and our fingerprint', () => {
    const r = log.runs[1]!.results[0]!;
    expect(r.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'src/routes/search.js', uriBaseId: '%SRCROOT%' },
      region: { startLine: 42, endLine: 44, startColumn: 5, endColumn: 30 },
    });
    expect(r.partialFingerprints['scanrelay/v1']).toBe(sampleFindings()[1]!.fingerprint);
  });

  it('anchors package findings to their manifest and names the package logically', () => {
    const loc = log.runs[0]!.results[0]!.locations[0]!;
    expect(loc.physicalLocation?.artifactLocation.uri).toBe('app/pom.xml');
    expect(loc.logicalLocations?.[0]).toEqual({
      name: 'org.apache.logging.log4j:log4j-core',
      fullyQualifiedName: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      kind: 'package',
    });
  });

  it('anchors URL and host findings to defaultArtifactUri, or gives only a logical location', () => {
    expect(log.runs[2]!.results[0]!.locations[0]!.physicalLocation?.artifactLocation.uri).toBe('Dockerfile');
    const bare = toSarif(sampleFindings().slice(2, 3));
    const loc = bare.runs[0]!.results[0]!.locations[0]!;
    expect(loc.physicalLocation).toBeUndefined();
    expect(loc.logicalLocations?.[0]?.fullyQualifiedName).toBe('https://shop.example.com/');
    expect(bare.runs[0]!.results[0]!.message.text).toBe(
      'Missing Anti-clickjacking Header (https://shop.example.com/)',
    );
    expect(validateSarif(bare)).toBe(true);
  });

  it('strips sourceRoot from absolute paths and encodes unsafe characters', () => {
    const [f] = manyFindings(1);
    const out = toSarif(
      [{ ...f!, location: { kind: 'source', file: '/src/repo/my dir/a.js', startLine: 3 } }],
      {
        sourceRoot: '/src/repo/',
      },
    );
    expect(out.runs[0]!.results[0]!.locations[0]!.physicalLocation?.artifactLocation.uri).toBe(
      'my%20dir/a.js',
    );
  });

  it('keeps at most maxResultsPerRun results per run, the most severe first', () => {
    const warnings: string[] = [];
    const out = toSarif(manyFindings(30), { maxResultsPerRun: 10, onWarning: (m) => warnings.push(m) });
    expect(out.runs[0]!.results).toHaveLength(10);
    expect(out.runs[0]!.results[0]!.level).toBe('error');
    expect(out.runs[0]!.properties).toEqual({ 'scanrelay/droppedResults': 20 });
    expect(warnings[0]).toMatch(/30 results exceed 10 per run/);
  });

  it('never writes more than 20 runs: the smallest tools are merged into one run', () => {
    const findings = Array.from({ length: 23 }, (_, i) => manyFindings(i + 1, `tool-${i}`)).flat();
    const out = toSarif(findings);
    expect(out.runs).toHaveLength(20);
    const merged = out.runs[19]!;
    expect(merged.tool.driver.name).toBe('scanrelay');
    expect(merged.tool.driver.rules.map((r) => r.id)).toEqual([
      'tool-3/r1',
      'tool-2/r1',
      'tool-1/r1',
      'tool-0/r1',
    ]);
    expect(merged.results).toHaveLength(4 + 3 + 2 + 1);
    expect(validateSarif(out)).toBe(true);
  });

  it('sets automationDetails from the category', () => {
    expect(toSarif(manyFindings(1), { category: 'nightly' }).runs[0]!.automationDetails).toEqual({
      id: 'nightly/semgrep/',
    });
  });

  it('writes a false positive and an accepted risk as external, accepted suppressions, still schema-valid', () => {
    const triaged = toSarif(triagedSampleFindings(), { defaultArtifactUri: 'Dockerfile' });
    expect(validateSarif(triaged)).toBe(true);
    expect(validateSarif.errors ?? []).toEqual([]);
    const results = triaged.runs.flatMap((r) => r.results);
    const log4j = results.find((r) => r.ruleId === 'CVE-2021-44228');
    const xss = results.find((r) => r.ruleId.endsWith('direct-response-write'));
    expect(log4j?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'false positive: the JndiLookup class is removed from the shaded jar',
        properties: {
          'scanrelay/status': 'false-positive',
          'scanrelay/triagedAt': '2026-12-01T09:00:00.000Z',
        },
      },
    ]);
    expect(xss?.suppressions?.[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: 'accepted risk until 2027-06-30T23:59:59.999Z: internal admin page behind SSO',
      properties: {
        'scanrelay/status': 'accepted-risk',
        'scanrelay/acceptedUntil': '2027-06-30T23:59:59.999Z',
      },
    });
    // Open findings have none, and the level stays the severity's.
    expect(results.filter((r) => r.suppressions)).toHaveLength(2);
    expect(log4j?.level).toBe('error');
    // The validator checks suppressions: one without its required kind is refused.
    const bad = structuredClone(triaged);
    delete (bad.runs[0]!.results[0]!.suppressions![0] as { kind?: string }).kind;
    expect(validateSarif(bad)).toBe(false);
  });
});
