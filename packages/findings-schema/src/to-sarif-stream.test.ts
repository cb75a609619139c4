import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleFindings, triagedSampleFindings } from '../test/sample-findings.js';
import { createFinding } from './create-finding.js';
import type { Finding } from './finding.js';
import type { SarifLog } from './sarif-types.js';
import { type ToSarifOptions, toSarif } from './to-sarif.js';
import { type ToSarifStreamOptions, toSarifStream } from './to-sarif-stream.js';

const require = createRequire(import.meta.url);
const sarifSchema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
);
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

/** Drains the stream: the text, its chunks and the generator's return value. */
async function drain(findings: AsyncIterable<Finding> | Iterable<Finding>, opts?: ToSarifStreamOptions) {
  const chunks: string[] = [];
  const gen = toSarifStream(findings, opts);
  for (;;) {
    const next = await gen.next();
    if (next.done) return { text: chunks.join(''), chunks, count: next.value };
    chunks.push(next.value);
  }
}

async function* slowly<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

function findingsOf(tool: string, n: number, severity: Finding['severity'] = 'low'): Finding[] {
  const base = createFinding({
    tool: { id: tool, name: tool },
    ruleId: 'r1',
    name: 'n',
    severity,
    category: 'SAST',
    location: { kind: 'source', file: 'a.js', startLine: 1 },
  });
  return Array.from({ length: n }, (_, i) => ({
    ...base,
    id: `${tool}-${i}`,
    fingerprint: `${tool}-fp-${i}`,
  }));
}

describe('toSarifStream', () => {
  const opts: ToSarifOptions = { defaultArtifactUri: 'Dockerfile', category: 'nightly' };

  it('writes, parsed, exactly what toSarif builds, whatever the chunk size and the source', async () => {
    const findings = sampleFindings();
    const whole = toSarif(findings, opts);
    const big = await drain(findings, opts);
    const small = await drain(slowly(findings), { ...opts, chunkSize: 1 });
    expect(JSON.parse(big.text)).toEqual(whole);
    expect(JSON.parse(small.text)).toEqual(whole);
    expect(big.count).toBe(6);
    expect(small.chunks.length).toBeGreaterThan(6);
    expect(validateSarif(JSON.parse(big.text))).toBe(true);
    // The results come before the tool: a run's rules are written after its last result.
    expect(big.text.indexOf('"results"')).toBeLessThan(big.text.indexOf('"tool"'));
  });

  it('collects rules across results and keeps ruleIndex and the raised severity consistent with toSarif', async () => {
    const findings = [
      ...findingsOf('semgrep', 2, 'low'),
      { ...findingsOf('semgrep', 1, 'high')[0]!, ruleId: 'r2', id: 'x' },
      { ...findingsOf('semgrep', 1, 'critical')[0]!, id: 'y' },
    ];
    const log = JSON.parse((await drain(findings)).text) as SarifLog;
    expect(log).toEqual(toSarif(findings));
    expect(log.runs[0]!.results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['r1', 0],
      ['r1', 0],
      ['r2', 1],
      ['r1', 0],
    ]);
    expect(log.runs[0]!.tool.driver.rules[0]!.properties['security-severity']).toBe('9.5');
  });

  it('writes an empty log for no findings', async () => {
    const { text, count } = await drain([]);
    expect(JSON.parse(text)).toEqual(toSarif([]));
    expect(count).toBe(0);
    expect(validateSarif(JSON.parse(text))).toBe(true);
  });

  it('puts a tool that comes back after another one, and everything after it, in one merged run', async () => {
    const warnings: string[] = [];
    const findings = [
      ...findingsOf('a', 2),
      ...findingsOf('b', 1),
      ...findingsOf('a', 1),
      ...findingsOf('c', 1),
    ];
    const log = JSON.parse((await drain(findings, { onWarning: (m) => warnings.push(m) })).text) as SarifLog;
    expect(log.runs.map((r) => [r.tool.driver.name, r.results.length])).toEqual([
      ['a', 2],
      ['b', 1],
      ['scanrelay', 2],
    ]);
    expect(log.runs[2]!.tool.driver.rules.map((r) => r.id)).toEqual(['a/r1', 'c/r1']);
    expect(log.runs[2]!.results.map((r) => [r.ruleId, r.ruleIndex])).toEqual([
      ['a/r1', 0],
      ['c/r1', 1],
    ]);
    expect(warnings).toEqual([expect.stringMatching(/a came again after another tool/)]);
    expect(validateSarif(log)).toBe(true);
  });

  it('never writes more than maxRuns runs: the last takes every tool that does not fit', async () => {
    const findings = Array.from({ length: 23 }, (_, i) => findingsOf(`tool-${i}`, 2)).flat();
    const log = JSON.parse((await drain(findings)).text) as SarifLog;
    expect(log.runs).toHaveLength(20);
    expect(log.runs[18]!.tool.driver.name).toBe('tool-18');
    expect(log.runs[19]!.tool.driver.name).toBe('scanrelay');
    expect(log.runs[19]!.results).toHaveLength(2 * 4);
    expect(log.runs.reduce((n, r) => n + r.results.length, 0)).toBe(46);
    expect(validateSarif(log)).toBe(true);
  });

  it('keeps every result past GitHub’s 25,000 per run, and says so once', async () => {
    const warnings: string[] = [];
    const findings = findingsOf('trivy', 25_002);
    const { text, count } = await drain(findings, { onWarning: (m) => warnings.push(m) });
    const log = JSON.parse(text) as SarifLog;
    expect(count).toBe(25_002);
    expect(log.runs[0]!.results).toHaveLength(25_002);
    expect(log.runs[0]!.results[25_001]!.partialFingerprints['scanrelay/v1']).toBe('trivy-fp-25001');
    expect(warnings).toEqual([expect.stringMatching(/more than 25000 results in one SARIF run/)]);
  });

  it('streams the suppressions of triaged findings exactly as toSarif writes them', async () => {
    const findings = triagedSampleFindings();
    const { text } = await drain(slowly(findings), { ...opts, chunkSize: 7 });
    const log = JSON.parse(text) as SarifLog;
    expect(log).toEqual(toSarif(findings, opts));
    expect(validateSarif(log)).toBe(true);
    const suppressed = log.runs.flatMap((r) => r.results).filter((r) => r.suppressions);
    expect(suppressed.map((r) => r.suppressions?.[0]?.properties?.['scanrelay/status'])).toEqual([
      'false-positive',
      'accepted-risk',
    ]);
  });
});
