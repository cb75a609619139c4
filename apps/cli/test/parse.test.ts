import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, makeTempDir, need, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

// A Trivy report with two package vulnerabilities, a Dockerfile misconfiguration and two secrets.
const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/misconfigurations_and_secrets.json');
const ZAP = path.join(fixturesDir, 'defectdojo/zap/juicy2.xml');

describe.runIf(need('fixtures'))('scanrelay parse', () => {
  const tmp = makeTempDir('scanrelay-parse-');
  afterAll(() => tmp.cleanup());

  it('prints canonical findings as JSON: counts, severities, a CVE and a file:line', async () => {
    const r = await runCli(['parse', TRIVY]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('scanrelay: trivy: 5 findings');
    const findings = JSON.parse(r.stdout) as {
      severity: string;
      cve: string[];
      location?: { kind: string; file?: string; startLine?: number };
    }[];
    expect(findings.map((f) => f.severity)).toEqual(['high', 'medium', 'high', 'critical', 'critical']);
    expect(findings[0]?.cve).toEqual(['CVE-2021-33503']);
    expect(findings[3]?.location).toMatchObject({ kind: 'source', file: 'Dockerfile', startLine: 24 });
    // The secret itself is never printed.
    expect(r.stdout).not.toMatch(/ghp_[A-Za-z0-9]{20}/);
  });

  it('writes secureCodeBox findings to a file: scan name is the file name, critical kept in attributes', async () => {
    const out = path.join(tmp.dir, 'scb', 'findings.json');
    const r = await runCli(['parse', TRIVY, '--format', 'scb', '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    const scb = JSON.parse(readFileSync(out, 'utf8')) as {
      severity: string;
      location: string;
      references?: { type: string; value: string }[];
      attributes: { scanrelay: { original_severity: string } };
      scan: { name: string; scan_type: string };
    }[];
    expect(scb).toHaveLength(5);
    expect(scb.map((f) => f.severity)).toEqual(['HIGH', 'MEDIUM', 'HIGH', 'HIGH', 'HIGH']);
    expect(scb.map((f) => f.attributes.scanrelay.original_severity)).toEqual([
      'high',
      'medium',
      'high',
      'critical',
      'critical',
    ]);
    expect(scb[0]?.references).toContainEqual({ type: 'CVE', value: 'CVE-2021-33503' });
    expect(scb[3]?.location).toBe('Dockerfile:24');
    expect(scb[0]?.scan).toMatchObject({ name: 'misconfigurations_and_secrets.json', scan_type: 'trivy' });
    expect(readdirSync(path.dirname(out))).toEqual(['findings.json']);
  });

  it('writes SARIF: one run, error level for critical, the Dockerfile line as region', async () => {
    const out = path.join(tmp.dir, 'trivy.sarif');
    const r = await runCli(['parse', TRIVY, '-f', 'sarif', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const results = log.runs[0].results as {
      ruleId: string;
      level: string;
      locations: {
        physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
      partialFingerprints: Record<string, string>;
    }[];
    expect(results.map((x) => x.level)).toEqual(['error', 'warning', 'error', 'error', 'error']);
    expect(results[0]?.ruleId).toBe('CVE-2021-33503');
    expect(results[3]?.locations[0]?.physicalLocation).toMatchObject({
      artifactLocation: { uri: 'Dockerfile' },
      region: { startLine: 24 },
    });
    expect(results[0]?.partialFingerprints['scanrelay/v1']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads standard input with -', async () => {
    const r = await runCli(['parse', '-', '--scanner-type', 'zap'], { input: readFileSync(ZAP) });
    expect(r.code, r.stderr).toBe(0);
    const findings = JSON.parse(r.stdout) as { name: string; severity: string }[];
    expect(findings).toHaveLength(6);
    expect(findings[0]).toMatchObject({ name: 'Incomplete or No Cache-control Header Set', severity: 'low' });
  });

  it('exits 2 for an unknown scanner type', async () => {
    const r = await runCli(['parse', TRIVY, '--scanner-type', 'nessus']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--scanner-type: unknown scanner "nessus"/);
  });

  it('exits 2 for a missing file', async () => {
    const r = await runCli(['parse', path.join(tmp.dir, 'nope.json')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
  });

  it('exits 2 for a broken report with the place in stderr, and leaves no output file', async () => {
    const broken = path.join(tmp.dir, 'broken.xml');
    const text = readFileSync(ZAP, 'utf8');
    writeFileSync(broken, text.slice(0, Math.floor(text.length * 0.6)));
    const dir = path.join(tmp.dir, 'out');
    for (const format of ['json', 'sarif']) {
      const out = path.join(dir, `broken.${format}`);
      const r = await runCli(['parse', broken, '-f', format, '-o', out]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /^scanrelay: @scanrelay\/parsers: zap: at line \d+: expected well-formed XML/m,
      );
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 for a truncated JSON report with the byte offset, and keeps an older output file intact', async () => {
    const broken = path.join(tmp.dir, 'broken.json');
    writeFileSync(broken, readFileSync(TRIVY, 'utf8').slice(0, 3000));
    const out = path.join(tmp.dir, 'keep.json');
    writeFileSync(out, '[]\n');
    const r = await runCli(['parse', broken, '--scanner-type', 'trivy', '-o', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/scanrelay: @scanrelay\/parsers: trivy: at .*byte \d+/);
    expect(readFileSync(out, 'utf8')).toBe('[]\n');
  });

  it('writes nothing to standard output when the report fails part-way (stdout holds all or nothing)', async () => {
    const broken = path.join(tmp.dir, 'broken-stdout.json');
    writeFileSync(broken, readFileSync(TRIVY, 'utf8').slice(0, 3000));
    const r = await runCli(['parse', broken, '--scanner-type', 'trivy']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/trivy: at .*byte \d+/);
    expect(r.stdout).toBe('');
  });

  it('exits 2 when auto-detection recognises nothing', async () => {
    const r = await runCli(['parse', '-'], { input: 'hello world\n' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/scanrelay: @scanrelay\/parsers: auto: at byte 0: expected a report of one of/);
  });
});
