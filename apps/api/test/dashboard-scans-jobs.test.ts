import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOSTILE,
  type ScanPagesFixture,
  startScanPagesFixture,
  tableRows,
} from './dashboard-scans-support.js';

/** The scan the job's result names (the job page links it). */
const SCAN_ID = '0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Reads a Server-Sent Events response as it arrives: `next()` resolves with each event in turn. */
function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const queued: SseEvent[] = [];
  return {
    async next(): Promise<SseEvent | undefined> {
      while (queued.length === 0) {
        const cut = buffer.indexOf('\n\n');
        if (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line === '' || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = line.slice(0, colon);
            const value = line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') e.event = value;
            else if (field === 'id') e.id = value;
            else if (field === 'data') e.data += value;
          }
          if (block.split('\n').some((l) => l !== '' && !l.startsWith(':'))) queued.push(e);
          continue;
        }
        const chunk = await reader.read();
        if (chunk.done) return undefined;
        buffer += chunk.value;
      }
      return queued.shift();
    },
    cancel: () => reader.cancel(),
  };
}

describe('dashboard jobs and live logs', () => {
  let f: ScanPagesFixture;
  let job: string;
  let otherJob: string;
  const events = (id: string, headers: Record<string, string> = {}, cookie?: string) =>
    fetch(`${f.url}/dashboard/jobs/${id}/events`, {
      headers: { cookie: cookie ?? f.cookies.acme, ...headers },
    });

  beforeAll(async () => {
    f = await startScanPagesFixture();
    const created = await f.store.jobs.create({
      tenantId: f.tenants.acme,
      type: 'process-upload',
      input: {},
    });
    job = created.id;
    await f.store.jobs.update(job, { status: 'running', progress: 20, incrementAttempts: true });
    await f.store.jobLogs.append(job, 'parsing trivy.json');
    await f.store.jobLogs.append(job, `odd file name ${HOSTILE}`, 'warn');
    otherJob = (await f.store.jobs.create({ tenantId: f.tenants.other, type: 'rival-secret-job', input: {} }))
      .id;
  });
  afterAll(() => f?.close());

  it('lists the tenant’s jobs with status and progress', async () => {
    const res = await f.page('/dashboard/jobs');
    expect(res.status).toBe(200);
    const rows = tableRows(res.html, 'Jobs, newest first');
    expect(rows).toEqual([
      [job.slice(0, 8), 'process-upload', 'running', '20%', '1', expect.any(String), '—'],
    ]);
    expect(res.html).not.toContain('rival-secret-job');
    expect(tableRows((await f.page('/dashboard/jobs?status=completed')).html, 'Jobs, newest first')).toEqual(
      [],
    );
    expect((await f.page('/dashboard/jobs?status=done')).status).toBe(400);
  });

  it('shows a running job with its log so far, escaped, and the live log script', async () => {
    const res = await f.page(`/dashboard/jobs/${job}`);
    expect(res.status).toBe(200);
    expect(res.html).toContain('<dd id="job-status" data-status="running">running</dd>');
    expect(res.html).toContain('<script src="/dashboard/assets/job-log.js" defer=""></script>');
    expect(res.html).toContain(`data-events="/dashboard/jobs/${job}/events"`);
    expect(res.html).toContain('<span class="log-message">parsing trivy.json</span>');
    expect(res.html).toContain('odd file name &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(res.html).not.toContain(HOSTILE);
  });

  it('answers 404 for another tenant’s job, page and stream alike', async () => {
    expect((await f.page(`/dashboard/jobs/${otherJob}`)).status).toBe(404);
    const stream = await events(otherJob);
    expect(stream.status).toBe(404);
    await stream.body?.cancel();
    expect((await f.page(`/dashboard/jobs/${job}`, f.cookies.other)).status).toBe(404);
    expect((await f.page(`/dashboard/jobs/${otherJob}`, f.cookies.other)).status).toBe(200);
  });

  it('streams the lines written so far, then each line appended while the job runs, then the end', async () => {
    const res = await events(job);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const sse = sseReader(res);
    const first = await sse.next();
    const second = await sse.next();
    expect([first?.event, JSON.parse(first!.data).message]).toEqual(['log', 'parsing trivy.json']);
    expect(JSON.parse(second!.data)).toMatchObject({ level: 'warn', message: `odd file name ${HOSTILE}` });
    // Written after the stream was opened and had caught up: it arrives live.
    await f.store.jobLogs.append(job, 'stored 42 findings');
    const live = await sse.next();
    expect(JSON.parse(live!.data).message).toBe('stored 42 findings');
    expect(Number(live!.id)).toBeGreaterThan(Number(second!.id));
    await f.store.jobLogs.append(job, 'forwarded to defectdojo');
    await f.store.jobs.update(job, { status: 'completed', progress: 100, result: { scanId: SCAN_ID } });
    const last = await sse.next();
    expect(JSON.parse(last!.data).message).toBe('forwarded to defectdojo');
    const end = await sse.next();
    expect(end?.event).toBe('end');
    expect(JSON.parse(end!.data)).toMatchObject({ status: 'completed' });
    expect(await sse.next()).toBeUndefined();

    // A reconnecting EventSource resumes after its Last-Event-ID.
    const resumed = sseReader(await events(job, { 'last-event-id': live!.id! }));
    expect((await resumed.next())?.data).toContain('forwarded to defectdojo');
    expect((await resumed.next())?.event).toBe('end');
    expect(await resumed.next()).toBeUndefined();

    const bad = await events(job, { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    await bad.body?.cancel();
  });

  it('shows an ended job without the live script', async () => {
    const res = await f.page(`/dashboard/jobs/${job}`);
    expect(res.html).toContain('<dd id="job-status" data-status="completed">completed</dd>');
    expect(res.html).not.toContain('job-log.js');
    expect(res.html).not.toContain('data-events=');
    expect(res.html).toContain('<span class="log-message">forwarded to defectdojo</span>');
    expect(res.html).toContain(
      `<dt>Scan</dt><dd><a href="/dashboard/scans/${SCAN_ID}"><code>${SCAN_ID}</code></a></dd>`,
    );
  });

  it('ends an open log stream when the API drains, without waiting for the job', async () => {
    const running = await f.store.jobs.create({
      tenantId: f.tenants.acme,
      type: 'process-upload',
      input: {},
    });
    await f.store.jobs.update(running.id, { status: 'running' });
    await f.store.jobLogs.append(running.id, 'waiting for the scanner');
    const sse = sseReader(await events(running.id));
    expect(JSON.parse((await sse.next())!.data).message).toBe('waiting for the scanner');
    const started = Date.now();
    await f.close();
    expect(await sse.next()).toBeUndefined();
    // Well under the 30 s drain timeout after which the server would cut connections itself.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
