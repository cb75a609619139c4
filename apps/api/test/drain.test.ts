import { readFileSync } from 'node:fs';
import { need } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backends, openBackends, pendingUploads, startService } from './support/harness.js';
import { client, waitFor } from './support/http.js';
import { TRIVY } from './support/service-suite.js';

describe.runIf(need('fixtures'))('closing the API', () => {
  let b: Backends | undefined;
  afterAll(async () => b?.cleanup());

  it('ends open log streams, finishes in-flight requests, and then refuses connections', async () => {
    b = await openBackends('sqlite');
    const svc = await startService(b, { worker: false });
    const acme = await b.store.tenants.getOrCreate('acme');
    const key = (await b.store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload', 'read'] })).key;
    const up = await client(svc.url, key).upload({ path: TRIVY }, { project: 'drain' });
    expect(up.status).toBe(202);

    // No worker: the job stays queued, so its log stream stays open until the server closes.
    const stream = await fetch(`${svc.url}/api/v1/jobs/${up.body.jobId}/logs`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(stream.status).toBe(200);
    const text = stream.text();

    // An upload the server is half-way through receiving when the close begins.
    const boundary = 'drain-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="project"\r\n\r\ndrain\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.json"\r\n\r\n`;
    const report = readFileSync(TRIVY);
    let push!: (chunk: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(Buffer.concat([Buffer.from(head), report.subarray(0, 100)]));
        push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close());
      },
    });
    const inFlight = fetch(`${svc.url}/api/v1/upload`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    } as RequestInit);
    await waitFor('the upload to reach the disk', () => pendingUploads(b!.dataDir).length === 2);
    const closing = svc.close();
    push(Buffer.concat([report.subarray(100), Buffer.from(`\r\n--${boundary}--\r\n`)]));
    push(null);
    const res = await inFlight;
    expect(res.status).toBe(202);
    await closing;
    expect(await text).not.toContain('event: end');
    await expect(fetch(`${svc.url}/api/v1/health`)).rejects.toThrow();
    expect(await b.store.jobs.getById(up.body.jobId)).toMatchObject({ status: 'queued' });
  });
});
