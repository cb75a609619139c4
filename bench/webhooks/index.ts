/**
 * Verifications per second of @scanrelay/hmac-webhooks for a 2 KB and a 64 KB body, beside bare
 * `crypto.createHmac` over the same bytes in the same run. Each case runs in small batches alternating with the
 * baseline and rates are per CPU-second of this process, so that other processes' load does not skew the ratio.
 *   node --conditions=@scanrelay/source --import tsx bench/webhooks/index.ts [--seconds 2]
 */
import { createHmac, randomBytes } from 'node:crypto';
import {
  createMemoryDeliveryStore,
  createVerifier,
  type MemoryDeliveryStore,
  type Scheme,
  sign,
  verify,
  verifySync,
} from '@scanrelay/hmac-webhooks';

const arg = process.argv.indexOf('--seconds');
const seconds = arg > 0 ? Number(process.argv[arg + 1]) : 2;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SIZES = [2 * 1024, 64 * 1024];
const BATCH = 32;

interface Case {
  name: string;
  run: () => unknown;
  async?: boolean;
}

/** CPU time of this process (user + system, microseconds) for one batch of `c`: time spent descheduled by other
 * processes on a shared machine does not count. */
async function batch(c: Case): Promise<number> {
  const start = process.cpuUsage();
  if (c.async) for (let i = 0; i < BATCH; i++) await c.run();
  else for (let i = 0; i < BATCH; i++) c.run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/** Ops per CPU-second of `c` and of the baseline, measured in alternating batches for about `seconds`. */
async function paired(c: Case, baseline: Case): Promise<{ ops: number; base: number }> {
  let caseUs = 0;
  let baseUs = 0;
  let batches = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    baseUs += await batch(baseline);
    caseUs += await batch(c);
    batches++;
  }
  return { ops: (batches * BATCH * 1e6) / caseUs, base: (batches * BATCH * 1e6) / baseUs };
}

/** A JSON body of exactly `size` bytes. */
function jsonBody(size: number): Buffer {
  const head = `{"scanId":"s-1","timestamp":${Date.now()},"pad":"`;
  const pad = randomBytes(size)
    .toString('base64')
    .slice(0, size - head.length - 2);
  return Buffer.from(`${head}${pad}"}`);
}

function ok(r: { ok: boolean }): void {
  if (!r.ok) throw new Error(`bench: verification failed: ${JSON.stringify(r)}`);
}

function cases(body: Buffer): Case[] {
  const headersFor = (scheme: Scheme) => sign({ scheme, secret: SECRET, body });
  const scanrelay = headersFor('scanrelay');
  const standard = headersFor('standard');
  const github = headersFor('github');
  const stripe = headersFor('stripe');
  // Distinct deliveries signed beforehand, so that the store cases time verification only; a fresh store per cycle.
  const timestamp = Math.floor(Date.now() / 1000);
  const pool = Array.from({ length: 4096 }, (_, i) =>
    sign({ scheme: 'scanrelay', secret: SECRET, body, id: `msg_${i}`, timestamp }),
  );
  let next = 0;
  let store: MemoryDeliveryStore = createMemoryDeliveryStore();
  let verifierWithStore = createVerifier({ scheme: 'scanrelay', secret: SECRET, store });
  const nextDelivery = () => {
    if (next === pool.length) {
      next = 0;
      store = createMemoryDeliveryStore();
      verifierWithStore = createVerifier({ scheme: 'scanrelay', secret: SECRET, store });
    }
    return pool[next++]!;
  };
  const verifier = createVerifier({ scheme: 'scanrelay', secret: SECRET });
  return [
    { name: 'createVerifier scanrelay .verifySync', run: () => ok(verifier.verifySync(body, scanrelay)) },
    {
      name: 'createVerifier scanrelay .verify',
      async: true,
      run: async () => ok(await verifier.verify(body, scanrelay)),
    },
    {
      name: 'createVerifier scanrelay + memory store',
      async: true,
      run: async () => {
        const headers = nextDelivery(); // first: it may replace the verifier and its store
        ok(await verifierWithStore.verify(body, headers));
      },
    },
    {
      name: 'verifySync scanrelay (one-shot)',
      run: () => ok(verifySync({ scheme: 'scanrelay', secret: SECRET, body, headers: scanrelay })),
    },
    {
      name: 'verify scanrelay (one-shot, async)',
      async: true,
      run: async () => ok(await verify({ scheme: 'scanrelay', secret: SECRET, body, headers: scanrelay })),
    },
    {
      name: 'verify scanrelay + memory store',
      async: true,
      run: async () => {
        const headers = nextDelivery();
        ok(await verify({ scheme: 'scanrelay', secret: SECRET, body, headers, store }));
      },
    },
    {
      name: 'verifySync standard',
      run: () => ok(verifySync({ scheme: 'standard', secret: SECRET, body, headers: standard })),
    },
    {
      name: 'verifySync github',
      run: () => ok(verifySync({ scheme: 'github', secret: SECRET, body, headers: github })),
    },
    {
      name: 'verifySync stripe (+ sha256 for its id)',
      run: () => ok(verifySync({ scheme: 'stripe', secret: SECRET, body, headers: stripe })),
    },
  ];
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US').padStart(9);
console.log(
  `node ${process.version}, ${seconds} s per case, batches of ${BATCH} alternating with the baseline, per CPU-second`,
);
for (const size of SIZES) {
  const body = jsonBody(size);
  const baseline: Case = {
    name: 'createHmac',
    run: () => createHmac('sha256', SECRET).update(body).digest(),
  };
  console.log(`\nbody ${body.length} bytes            verifications/s   bare createHmac/s   ratio`);
  for (const c of cases(body)) {
    for (let i = 0; i < 50; i++) await batch(c); // warm-up
    const { ops, base } = await paired(c, baseline);
    console.log(
      `  ${c.name.padEnd(42)} ${fmt(ops)}   ${fmt(base)}   ${((ops / base) * 100).toFixed(0).padStart(4)}%`,
    );
  }
}
