/**
 * Parse benchmark: large Trivy, SARIF, trufflehog, Burp XML and CycloneDX reports to canonical findings,
 * each parse in its own child process (so peak RSS is per case), against plain JSON.parse (for Burp, a
 * plain saxes pass) of the same bytes in the same run. See README.md. Env: BENCH_PARSE_MB (default 200), BENCH_PARSE_1GB=1, BENCH_PARSE_KEEP=1,
 * BENCH_PARSE_ONLY=burp,cyclonedx (a comma-separated list of scanner ids).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getParser, ParseInput, readLines } from '@scanrelay/parsers';
import { SaxesParser } from 'saxes';
import { generateSarif, generateTrivy, generateTrufflehog } from './generate.js';
import { generateBurp, generateCyclonedx } from './generate-wave2.js';
import { trufflehogFloor } from './trufflehog-floor.js';

interface Measure {
  seconds: number;
  cpuSeconds: number;
  findings: number;
  peakRssMb: number;
}

const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

/** A parse, its baseline, or (trufflehog) the floor of the model's own work: see trufflehog-floor.ts. */
type Mode = 'parse' | 'baseline' | 'floor';

/** Runs in the child: one parse (or baseline, or floor) of one file, printed as JSON. */
async function child(mode: Mode, scanner: string, file: string): Promise<void> {
  const c0 = cpu();
  const t0 = performance.now();
  let findings = 0;
  if (mode === 'parse') {
    for await (const _ of getParser(scanner)!.parse(new ParseInput({ path: file }))) findings++;
  } else if (mode === 'floor') {
    findings = (await trufflehogFloor(file)).findings;
  } else if (scanner === 'burp') {
    // A plain SAX pass: saxes over the decoded text, counting elements, no tree built.
    const sax = new SaxesParser();
    sax.on('opentag', () => {
      findings++;
    });
    const decoder = new TextDecoder();
    for await (const chunk of new ParseInput({ path: file }).chunks(256 * 1024))
      sax.write(decoder.decode(chunk, { stream: true }));
    sax.close();
  } else if (scanner === 'trufflehog') {
    for await (const { line } of readLines(new ParseInput({ path: file })))
      if (line !== '') JSON.parse(line) && findings++;
  } else {
    const doc = JSON.parse(readFileSync(file).toString('utf8'));
    findings = Array.isArray(doc) ? doc.length : 1;
  }
  const m: Measure = {
    seconds: (performance.now() - t0) / 1000,
    cpuSeconds: cpu() - c0,
    findings,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(m));
}

function measure(mode: Mode, scanner: string, file: string): Measure {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', mode, scanner, file],
    {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    },
  );
  if (r.status !== 0)
    throw new Error(`bench/parse: ${mode} ${scanner} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as Measure;
}

const mbps = (mb: number, s: number) => (mb / s).toFixed(1).padStart(7);

function report(name: string, scanner: string, file: string, bytes: number, withBaseline: boolean): void {
  const mb = bytes / 1e6;
  const p = measure('parse', scanner, file);
  const b = withBaseline ? measure('baseline', scanner, file) : undefined;
  const floor = b && scanner === 'trufflehog' ? measure('floor', scanner, file) : undefined;
  const ratio = (x: number, y: number | undefined) =>
    y === undefined ? '    -' : (x / y).toFixed(2).padStart(5);
  console.log(
    [
      name.padEnd(22),
      `${mb.toFixed(0).padStart(5)} MB`,
      `${String(p.findings).padStart(8)} findings`,
      `parse ${mbps(mb, p.seconds)} MB/s (cpu ${mbps(mb, p.cpuSeconds)})`,
      `${(p.findings / p.seconds).toFixed(0).padStart(7)} findings/s`,
      `peak RSS ${p.peakRssMb.toFixed(0).padStart(5)} MB`,
      b
        ? `${scanner === 'burp' ? 'saxes     ' : 'JSON.parse'} ${mbps(mb, b.seconds)} MB/s (cpu ${mbps(mb, b.cpuSeconds)}), RSS ${b.peakRssMb.toFixed(0)} MB`
        : 'JSON.parse -',
      `ratio ${ratio(b ? mb / p.seconds : 0, b ? mb / b.seconds : undefined)} (cpu ${ratio(b ? mb / p.cpuSeconds : 0, b ? mb / b.cpuSeconds : undefined)})`,
      ...(floor && b
        ? [
            `floor ratio ${ratio(mb / floor.seconds, mb / b.seconds)} (cpu ${ratio(mb / floor.cpuSeconds, mb / b.cpuSeconds)})`,
          ]
        : []),
    ].join(' | '),
  );
}

async function main(): Promise<void> {
  const mb = Number(process.env.BENCH_PARSE_MB ?? 200);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-parse-'));
  console.log(
    `bench/parse: node ${process.version}, ${os.cpus().length} cpus, load ${os.loadavg()[0]!.toFixed(1)}, data in ${dir}`,
  );
  try {
    if (process.env.BENCH_PARSE_1GB === '1') {
      const file = path.join(dir, 'trivy-1gb.json');
      const bytes = generateTrivy(file, 1024 * 1024 * 1024);
      // Larger than V8's string limit: JSON.parse cannot read it at all, so there is no baseline.
      report('trivy 1 GB', 'trivy', file, bytes, false);
      return;
    }
    const cases: [string, string, (f: string, n: number) => number, string][] = [
      ['trivy (SchemaVersion 2)', 'trivy', generateTrivy, 'trivy.json'],
      ['sarif 2.1.0', 'sarif', generateSarif, 'report.sarif'],
      ['trufflehog v3 jsonl', 'trufflehog', generateTrufflehog, 'trufflehog.jsonl'],
      ['burp xml', 'burp', generateBurp, 'burp.xml'],
      ['cyclonedx 1.5 json', 'cyclonedx', generateCyclonedx, 'bom.json'],
    ];
    const only = process.env.BENCH_PARSE_ONLY?.split(',');
    for (const [name, scanner, generate, fileName] of cases) {
      if (only && !only.includes(scanner)) continue;
      const file = path.join(dir, fileName);
      const bytes = generate(file, mb * 1024 * 1024);
      report(name, scanner, file, bytes, true);
    }
  } finally {
    if (process.env.BENCH_PARSE_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') await child(args[1] as Mode, args[2]!, args[3]!);
else await main();
