import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses whose status was not the expected one. */
  errors: number;
  /** CPU time of the whole process (client and server) per request: steadier than rates on a busy machine. */
  cpuMsPerRequest: number;
  /** Every request's latency in ms, ascending. */
  latencies: number[];
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Several runs of one case as one: rates over their summed time, percentiles over all requests. */
export function mergeLoads(runs: LoadResult[]): LoadResult {
  const requests = runs.reduce((n, r) => n + r.requests, 0);
  const seconds = runs.reduce((n, r) => n + r.seconds, 0);
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    cpuMsPerRequest: runs.reduce((n, r) => n + r.cpuMsPerRequest * r.requests, 0) / requests,
    latencies,
  };
}

export interface RequestSpec {
  path: string;
  headers: Record<string, string | number>;
  body: Uint8Array;
}

/**
 * Sends `total` POST requests to `baseUrl`, `concurrency` at a time over keep-alive connections,
 * and measures requests per second and latency percentiles. Bounded in count; stops by itself.
 */
export async function runLoad(
  baseUrl: string,
  total: number,
  concurrency: number,
  makeRequest: (i: number) => RequestSpec,
  expectStatus: number,
): Promise<LoadResult & { bodies: string[] }> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const bodies: string[] = [];
  let next = 0;
  let errors = 0;
  const one = (spec: RequestSpec) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: spec.path,
          agent,
          headers: { ...spec.headers, 'content-length': spec.body.byteLength },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            latencies.push(performance.now() - started);
            if (res.statusCode !== expectStatus) errors++;
            bodies.push(Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(spec.body);
    });
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(makeRequest(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    seconds,
    perSecond: total / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    cpuMsPerRequest: (used.user + used.system) / 1000 / total,
    latencies,
    bodies,
  };
}

/** A multipart/form-data body with text fields and one file, built once. */
export function multipart(
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array },
): { body: Buffer; contentType: string } {
  const boundary = `----scanrelaybench${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/json\r\n\r\n`,
    ),
  );
  parts.push(Buffer.from(file.bytes));
  parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
