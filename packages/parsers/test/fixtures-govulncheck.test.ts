import { readdirSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { collect, detectScanner, ParseError, parseReport } from '../src/index.js';
import { govulncheckParser } from '../src/scanners/govulncheck.js';
import { foreignHeads } from './expected.js';
import { dataDir, parseDetected, pkg } from './support/parse-report.js';

// Reports written as govulncheck writes them for one module (example.com/shop): v1.1.3 -json (a
// stream of indented messages), the same messages one a line and wrapped in an array (the shape
// DefectDojo's parser reads), and pre-1.0 v0.1 output ({"Vulns": [...]} with Modules/Packages/CallStacks).
const ID = 'govulncheck';
const data = dataDir('govulncheck');

const parse = (source: { path: string } | { text: string }, onWarning?: (m: string) => void) =>
  parseDetected(ID, source, { onWarning });

describe('govulncheck -json', () => {
  it('auto-detects every report in test/data/govulncheck', async () => {
    const files = readdirSync(new URL('./data/govulncheck/', import.meta.url));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect((await detectScanner({ path: data(f) })).scanner, f).toBe(ID);
  });

  it('v1.1: one finding per OSV and module; called medium, imported low, required info', async () => {
    const warnings: string[] = [];
    const f = await parse({ path: data('govulncheck-1.1.json') }, (m) => warnings.push(m));
    expect(
      f.map((x) => [x.ruleId, x.severity, x.attributes.reachability, pkg(x)?.name, pkg(x)?.fixedVersion]),
    ).toEqual([
      ['GO-2023-1571', 'medium', 'called', 'golang.org/x/net', 'v0.7.0'],
      ['GO-2023-1988', 'low', 'imported', 'golang.org/x/net', 'v0.13.0'],
      ['GO-2022-0603', 'info', 'required', 'gopkg.in/yaml.v3', 'v3.0.0-20220521103104-8f96da9f5d5e'],
    ]);
    expect(f[0]).toMatchObject({
      tool: { id: ID, name: 'govulncheck', version: 'v1.1.3' },
      name: 'GO-2023-1571 in golang.org/x/net: Denial of service via crafted HTTP/2 stream in net/http and golang.org/x/net',
      cve: ['GO-2023-1571', 'CVE-2022-41723', 'GHSA-vvpx-j8f3-3w6h'],
      category: 'Dependency',
      references: [
        'https://pkg.go.dev/vuln/GO-2023-1571',
        'https://go.dev/issue/57855',
        'https://go.dev/cl/468135',
      ],
      attributes: {
        packages: ['golang.org/x/net/http2'],
        symbols: ['*Server.ServeConn'],
        callSites: ['internal/server/server.go:57:17'],
      },
    });
    expect(pkg(f[0])).toMatchObject({
      version: 'v0.5.0',
      purl: 'pkg:golang/golang.org/x/net@v0.5.0',
      ecosystem: 'golang',
    });
    expect(warnings).toEqual([
      'govulncheck: 2 vulnerability(ies) in imported or required code that the program does not call (kept as low/info)',
    ]);
  });

  it('the same messages one a line, or in a JSON array, give the same findings', async () => {
    const stream = await parse({ path: data('govulncheck-1.1.json') });
    for (const name of ['govulncheck-1.1-compact.jsonl', 'govulncheck-1.1-array.json']) {
      const other = await parse({ path: data(name) });
      expect(other.map((x) => [x.fingerprint, x.severity])).toEqual(
        stream.map((x) => [x.fingerprint, x.severity]),
      );
    }
  });

  it('pre-1.0 v0.1 {Vulns}: called and imported-only, same fingerprint rules', async () => {
    const f = await parse({ path: data('govulncheck-0.1.json') });
    expect(
      f.map((x) => [x.ruleId, x.severity, pkg(x)?.version, pkg(x)?.fixedVersion, x.attributes.callSites]),
    ).toEqual([
      ['GO-2021-0113', 'medium', 'v0.3.5', 'v0.3.7', ['main.go:12:29']],
      ['GO-2022-1059', 'low', 'v0.3.5', 'v0.3.8', undefined],
    ]);
  });

  it('pre-1.0 v0.0.x {Calls, Requires, Vulns}: version from RequireSink, called from CallSink', async () => {
    const osv = {
      id: 'GO-2021-0113',
      aliases: ['CVE-2021-38561'],
      summary: 'Out-of-bounds read in golang.org/x/text/language',
    };
    const text = JSON.stringify({
      Calls: { Functions: {} },
      Imports: { Packages: {} },
      Requires: { Modules: { '2': { Path: 'golang.org/x/text', Version: 'v0.3.5' } } },
      Vulns: [
        {
          OSV: osv,
          Symbol: 'Parse',
          PkgPath: 'golang.org/x/text/language',
          ModPath: 'golang.org/x/text',
          CallSink: 5,
          ImportSink: 3,
          RequireSink: 2,
        },
      ],
    });
    const [f] = await parse({ text });
    expect(f).toMatchObject({
      ruleId: 'GO-2021-0113',
      severity: 'medium',
      cve: ['GO-2021-0113', 'CVE-2021-38561'],
    });
    expect(pkg(f)).toMatchObject({ name: 'golang.org/x/text', version: 'v0.3.5' });
  });

  it('a finding without its trace is a ParseError naming the line of its message', async () => {
    const text =
      '{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck"}}\n{\n "finding": {"osv": "GO-2023-1571"}\n}\n';
    const { findings } = await parseReport({ text }, { scannerType: ID });
    const e = await collect(findings).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).detail).toMatch(
      /^govulncheck: at \$ \(line 2\)\.finding\.trace: expected a govulncheck finding/,
    );
  });

  it('a message cut off, or text between messages, is a ParseError with its line', async () => {
    const cut = '{"config":{"protocol_version":"v1.0.0"}}\n{"finding": {"osv": "GO-1"';
    const { findings } = await parseReport({ text: cut }, { scannerType: ID });
    await expect(collect(findings)).rejects.toThrow(/line 2: expected well-formed JSON/);
    const junk = '{"config":{"protocol_version":"v1.0.0"}}\nScanning...\n';
    const r = await parseReport({ text: junk }, { scannerType: ID });
    await expect(collect(r.findings)).rejects.toThrow(/line 2: expected a govulncheck -json message/);
  });
});

describe.runIf(need('fixtures'))('govulncheck detection is exclusive', () => {
  it('detects no other report', () => {
    for (const { file, head } of foreignHeads([], [ID])) expect(govulncheckParser.detect(head), file).toBe(0);
  });
});
