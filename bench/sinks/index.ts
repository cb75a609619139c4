/**
 * Sinks benchmark: forward BENCH_SINKS_FINDINGS (default 100 000) generated findings to the fake
 * Phoenix over loopback through the Phoenix sink, then POST the same bytes in the same number of
 * requests with bare node:http, each case in its own child process (peak RSS per case).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { createFinding, type Finding, SEVERITIES } from '@scanrelay/findings-schema';
// @scanrelay/sinks is not yet a dependency of the bench package: imported by path.
import { createSink, destinationConfigSchema } from '@scanrelay/sinks';
import { createFakePhoenix } from '@scanrelay/testkit';

const COUNT = Number(process.env.BENCH_SINKS_FINDINGS ?? 100_000);
const CLIENT = { 'bench-client': 'bench-secret' };

async function* generate(n: number): AsyncGenerator<Finding> {
  for (let i = 0; i < n; i++) {
    yield createFinding({
      tool: { id: 'trivy', name: 'Trivy' },
      ruleId: `CVE-2024-${10000 + i}`,
      name: `CVE-2024-${10000 + i} libpkg${i % 5000}`,
      description: 'Integer overflow while parsing packages, in files extracttar.cc and debfile.cc.',
      severity: SEVERITIES[i % SEVERITIES.length] ?? 'info',
      category: 'SCA',
      location: {
        kind: 'package',
        name: `libpkg${i % 5000}`,
        version: '1.0.0',
        fixedVersion: '1.0.1',
        path: `app${i % 200}/package-lock.json`,
      },
      cwe: ['CWE-190'],
      cve: [`CVE-2024-${10000 + i}`],
    });
  }
}

interface Outcome {
  seconds: number;
  requests: number;
  bytes: number;
  peakRssMb: number;
}

async function runSink(): Promise<Outcome> {
  const fake = await createFakePhoenix({ clients: CLIENT, recordBodies: false });
  const config = destinationConfigSchema.parse({
    kind: 'phoenix',
    name: 'bench',
    apiUrl: fake.url,
    clientId: 'bench-client',
    clientSecret: 'bench-secret',
  });
  const sink = createSink(config, { outbound: { allowPrivateUrls: true, allowHttp: true } });
  const start = performance.now();
  await sink.send(generate(COUNT), {
    scanId: 's',
    tenantId: 't',
    project: 'bench',
    scanner: 'trivy',
    importType: 'new',
  });
  const seconds = (performance.now() - start) / 1000;
  const bytes = fake.imports.reduce((n, i) => n + i.bytes, 0);
  await fake.close();
  return { seconds, requests: fake.imports.length, bytes, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

function post(url: string, token: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/import/assets`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The same request count and bytes, one prebuilt valid body sent again and again. */
async function runBare(requests: number, bytes: number): Promise<Outcome> {
  const fake = await createFakePhoenix({ clients: CLIENT, recordBodies: false });
  const tokenRes = await fetch(`${fake.url}/v1/auth/access_token`, {
    headers: { authorization: `Basic ${Buffer.from('bench-client:bench-secret').toString('base64')}` },
  });
  const { token } = (await tokenRes.json()) as { token: string };
  const per = Math.ceil(bytes / requests);
  const finding = { name: 'n', description: 'd', remedy: 'r', severity: '5.0', cwes: ['CWE-190'] };
  const one = JSON.stringify(finding);
  const head =
    '{"importType":"delta","assessment":{"assetType":"BUILD","name":"bench"},"assets":[{"attributes":{"buildFile":"p"},"findings":[';
  const n = Math.max(1, Math.floor((per - head.length - 4) / (one.length + 1)));
  const body = Buffer.from(`${head}${Array(n).fill(one).join(',')}]}]}`);
  const start = performance.now();
  for (let i = 0; i < requests; i++) {
    const status = await post(fake.url, token, body);
    if (status !== 200) throw new Error(`bare POST answered ${status}`);
  }
  const seconds = (performance.now() - start) / 1000;
  await fake.close();
  return {
    seconds,
    requests,
    bytes: body.length * requests,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(args: string[]): Outcome {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
    encoding: 'utf8',
    env: process.env,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as Outcome;
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'sink') console.log(JSON.stringify(await runSink()));
else if (mode === 'bare') console.log(JSON.stringify(await runBare(Number(a), Number(b))));
else {
  const sink = child(['sink']);
  const bare = child(['bare', String(sink.requests), String(sink.bytes)]);
  const row = (name: string, o: Outcome) =>
    `${name.padEnd(22)} ${(COUNT / o.seconds).toFixed(0).padStart(9)} findings/s  ${(o.bytes / 1048576 / o.seconds).toFixed(1).padStart(6)} MiB/s  ${o.requests} requests  ${(o.bytes / 1048576).toFixed(1)} MiB  peak RSS ${o.peakRssMb.toFixed(0)} MB`;
  console.log(`${COUNT} findings`);
  console.log(row('phoenix sink', sink));
  console.log(row('bare node:http POST', bare));
  console.log(`sink / bare: ${((bare.seconds / sink.seconds) * 100).toFixed(0)}%`);
}
