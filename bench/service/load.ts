import http from 'node:http';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses whose status was not the expected one. */
  errors: number;
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
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await one(makeRequest(next++));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: total,
    seconds,
    perSecond: total / seconds,
    p50Ms: pct(50),
    p99Ms: pct(99),
    errors,
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
