import { once } from 'node:events';
import { createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { type Finding, type SarifLog, toSarif } from '@scanrelay/findings-schema';
import { ParseInput, parseReport } from '@scanrelay/parsers';
import { fixturesDir, makeTempDir, need, repoRoot, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const FIXTURES = [
  'defectdojo/trivy/misconfigurations_and_secrets.json',
  'defectdojo/zap/juicy2.xml',
  'defectdojo/sarif/codeQL-output.sarif',
  'defectdojo/sarif/semgrepowasp-benchmark-sample.sarif',
  // Two runs of the same tool: one run in both conversions.
  'defectdojo/sarif/DefectDojo_django-DefectDojo__2020-12-11_13 42 10__export.sarif',
];

/** Finding ids are fresh UUIDs on every parse: compare everything else. */
function withoutFindingIds(log: SarifLog): SarifLog {
  for (const run of log.runs) {
    for (const r of run.results) {
      expect(r.properties?.['scanrelay/findingId']).toMatch(/^[0-9a-f-]{36}$/);
      delete r.properties?.['scanrelay/findingId'];
    }
  }
  return log;
}

const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const RULES = 200;
const DESCRIPTION = `An integer overflow while parsing packages. ${'Quoted "text", a \\\\ backslash, unicode é ✓. '.repeat(12)}`;

/** A Trivy report with `n` distinct package vulnerabilities (200 CVEs over n packages), written in 1 MiB blocks. */
async function writeTrivyReport(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  let block =
    '{"SchemaVersion":2,"ArtifactName":"registry.example/big:1","ArtifactType":"container_image",\n"Results":[{"Target":"big (debian 12)","Class":"os-pkgs","Type":"debian","Vulnerabilities":[\n';
  for (let i = 0; i < n; i++) {
    const id = `CVE-2024-${10_000 + (i % RULES)}`;
    const pkg = `libpkg${i}`;
    block += `${i === 0 ? '' : ',\n'}${JSON.stringify({
      VulnerabilityID: id,
      PkgName: pkg,
      PkgIdentifier: { PURL: `pkg:deb/debian/${pkg}@1.${i % 50}.0?arch=amd64` },
      InstalledVersion: `1.${i % 50}.0`,
      FixedVersion: `1.${i % 50}.1`,
      Status: 'fixed',
      SeveritySource: 'nvd',
      PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
      Title: `${pkg}: integer overflow while parsing packages`,
      Description: DESCRIPTION,
      Severity: SEVERITIES[i % SEVERITIES.length],
      CweIDs: [`CWE-${190 + (i % 7)}`],
      CVSS: { nvd: { V3Vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', V3Score: 7.8 } },
      References: [
        `https://security-tracker.debian.org/tracker/${id}`,
        `https://nvd.nist.gov/vuln/detail/${id}`,
      ],
      PublishedDate: '2024-01-10T04:15:00Z',
    })}`;
    if (block.length > 1 << 20) {
      if (!out.write(block)) await once(out, 'drain');
      block = '';
    }
  }
  out.end(`${block}\n]}]}\n`);
  await once(out, 'close');
}

async function readEnds(file: string): Promise<{ head: string; tail: string }> {
  const fh = await open(file);
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(200);
    const tail = Buffer.alloc(Math.min(size, 4 * 1024 * 1024));
    await fh.read(head, 0, head.length, 0);
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head: head.toString('utf8'), tail: tail.toString('utf8') };
  } finally {
    await fh.close();
  }
}

describe.runIf(need('fixtures'))('scanrelay parse --format sarif (streamed)', () => {
  const tmp = makeTempDir('scanrelay-sarif-stream-');
  afterAll(() => tmp.cleanup());

  it.each(FIXTURES)('writes what the whole-array toSarif makes of the same findings: %s', async (fixture) => {
    const report = path.join(fixturesDir, fixture);
    const [json, sarif] = await Promise.all([
      runCli(['parse', report, '-f', 'json']),
      runCli(['parse', report, '-f', 'sarif']),
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(sarif.code, sarif.stderr).toBe(0);
    const findings = JSON.parse(json.stdout) as Finding[];
    expect(findings.length).toBeGreaterThan(0);
    const streamed = withoutFindingIds(JSON.parse(sarif.stdout) as SarifLog);
    const whole = withoutFindingIds(toSarif(findings, { sourceRoot: repoRoot }));
    expect(streamed).toEqual(whole);
    expect(streamed.runs.reduce((n, r) => n + r.results.length, 0)).toBe(findings.length);
  });

  it('streams a report several times larger than its heap into valid SARIF with every result', async () => {
    const n = 80_000;
    const report = path.join(tmp.dir, 'big-trivy.json');
    const out = path.join(tmp.dir, 'big.sarif');
    await writeTrivyReport(report, n);
    const heapMb = 32;
    expect(statSync(report).size).toBeGreaterThan(3 * heapMb * 1024 * 1024);

    const r = await runCli(['parse', report, '-f', 'sarif', '-o', out], {
      env: { NODE_OPTIONS: `--max-old-space-size=${heapMb}` },
    });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.stderr).toContain(`scanrelay: trivy: ${n} findings`);
    // Past GitHub's 25,000 results per run nothing is dropped, and the user is told.
    expect(r.stderr).toMatch(/more than 25000 results in one SARIF run/);

    const { head, tail } = await readEnds(out);
    expect(head).toMatch(
      /^\{"version":"2\.1\.0","\$schema":"https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json","runs":\[/,
    );
    // The run's tool and its 200 rules follow the last result.
    const toolAt = tail.lastIndexOf('],"tool":{"driver":{"name":"Trivy"');
    expect(toolAt).toBeGreaterThan(0);
    const lastResult = JSON.parse(tail.slice(tail.lastIndexOf('\n', toolAt - 2) + 1, toolAt - 1));
    expect(lastResult.ruleIndex).toBe((n - 1) % RULES);
    expect(lastResult.locations[0].logicalLocations[0].name).toBe(`libpkg${n - 1}`);
    const tool = JSON.parse(
      `{${tail
        .slice(toolAt + 2)
        .trimEnd()
        .replace(/\]\}$/, '')}`,
    ) as SarifLog['runs'][0];
    expect(tool.tool.driver.rules.map((x) => x.id)).toEqual(
      Array.from({ length: RULES }, (_, i) => `CVE-2024-${10_000 + i}`),
    );

    // Read back with the streaming SARIF parser: every result, in order, with its rule and severity.
    const { scanner, findings } = await parseReport(new ParseInput({ path: out }), { scannerType: 'sarif' });
    expect(scanner).toBe('sarif');
    let count = 0;
    const severities = { critical: 'critical', high: 'high', medium: 'medium', low: 'low' } as const;
    for await (const f of findings) {
      if (count % 9973 === 0 || count === n - 1) {
        expect(f.ruleId).toBe(`CVE-2024-${10_000 + (count % RULES)}`);
        expect(f.severity).toBe(severities[SEVERITIES[count % 4]!.toLowerCase() as keyof typeof severities]);
      }
      count += 1;
    }
    expect(count).toBe(n);
  }, 300_000);

  it('leaves no file when the report fails part-way', async () => {
    const report = path.join(tmp.dir, 'truncated-trivy.json');
    await writeTrivyReport(report, 50);
    const text = readFileSync(report, 'utf8');
    const cut = path.join(tmp.dir, 'cut.json');
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const out = path.join(tmp.dir, 'cut.sarif');
    const r = await runCli(['parse', cut, '-t', 'trivy', '-f', 'sarif', '-o', out]);
    expect(r.code).not.toBe(0);
    expect(existsSync(out)).toBe(false);
  });
});
