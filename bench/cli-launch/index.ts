/**
 * CLI launch benchmark: wall time of `scanrelay invicti scan --fire-and-forget` (the BUILT CLI,
 * apps/cli/dist/bin.js) against the fake Invicti on loopback, beside bare `node -e 0`, Node with its
 * fetch classes loaded, and the CLI's own floor (`scanrelay --version`) in the same run, interleaved.
 * Median of BENCH_RUNS (default 15) runs after 2 warm-ups. Target: fire-and-forget under 3 × bare
 * Node start-up. BENCH_CLI_BIN measures another build.
 * Build first: npx turbo run build --filter=scanrelay...
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeInvicti } from '@scanrelay/testkit';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = process.env.BENCH_CLI_BIN
  ? path.resolve(process.env.BENCH_CLI_BIN)
  : path.join(root, 'apps/cli/dist/bin.js');
const runs = Number(process.env.BENCH_RUNS ?? 15);

if (!existsSync(bin)) {
  console.error(`${bin} is missing: build the CLI first (npx turbo run build --filter=scanrelay...)`);
  process.exit(1);
}

/** Wall time of one child process, in ms; fails when it exits non-zero. Async: the fake answers from this process. */
function time(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) =>
      code === 0
        ? resolve(performance.now() - t0)
        : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const fake = await createFakeInvicti({ userId: 'bench-user', apiToken: 'bench-token' });
const out = mkdtempSync(path.join(os.tmpdir(), 'scanrelay-bench-cli-'));
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NO_COLOR: '1',
  SCB_INVICTI__URL: fake.url,
  SCB_INVICTI__APIKEY: 'bench-user:bench-token',
  SCB_SCANNER__OUTPUTPATH: out,
};
const FIRE_AND_FORGET = 'scanrelay invicti scan --fire-and-forget';
const FLOOR = 'launch floor (floor.mjs)';
const cases: [string, string[]][] = [
  ['node -e 0', ['-e', '0']],
  // The fetch classes (Request, Response, Headers) load Node's bundled undici on first use; ky needs
  // them, so this is a floor of any launch through the Invicti client.
  ['node -e "new Request(url)"', ['-e', "new Request('http://127.0.0.1/')"]],
  ['scanrelay --version', [bin, '--version']],
  // What any launch must do (Node's HTTP, TLS and file modules, one POST, two files): see floor.mjs.
  [FLOOR, [path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor.mjs')]],
  [
    FIRE_AND_FORGET,
    [
      bin,
      'invicti',
      'scan',
      '--target-uri',
      'https://bench.example.com/',
      '--profile',
      'Default',
      '--fire-and-forget',
    ],
  ],
];
const results = new Map<string, number[]>(cases.map(([name]) => [name, []]));
try {
  for (let i = 0; i < runs + 2; i++) {
    for (const [name, args] of cases) {
      const ms = await time(args, env);
      if (i >= 2) results.get(name)?.push(ms);
    }
  }
} finally {
  await fake.close();
  rmSync(out, { recursive: true, force: true });
}

const base = median(results.get('node -e 0') ?? []);
console.log(
  `cli-launch: ${runs} runs each (after 2 warm-ups), Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(2)}`,
);
for (const [name] of cases) {
  const xs = results.get(name) ?? [];
  const m = median(xs);
  console.log(
    `  ${name.padEnd(42)} median ${m.toFixed(0).padStart(5)} ms  min ${Math.min(...xs)
      .toFixed(0)
      .padStart(5)} ms  ${(m / base).toFixed(2)} × node`,
  );
}
const ratio = median(results.get(FIRE_AND_FORGET) ?? []) / base;
const floor = median(results.get(FLOOR) ?? []) / base;
console.log(
  `  fire-and-forget / node -e 0 = ${ratio.toFixed(2)} (target < 3): ${ratio < 3 ? 'met' : 'NOT met'}; floor ${floor.toFixed(2)}; launches served: ${fake.scans().length}`,
);
