import { describe, expect, it } from 'vitest';
import { createScanrelayClient } from './create-client.js';

const line = (seq: number) => JSON.stringify({ seq, level: 'info', message: `line ${seq}`, at: 't' });
const job = JSON.stringify({
  id: 'j1',
  type: 'process-upload',
  status: 'completed',
  progress: 100,
  attempts: 1,
  createdAt: 't',
  updatedAt: 't',
});
const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });

/** A client whose fetch answers the n-th request with `answers[n]`, recording each Last-Event-ID and when it came. */
function clientAnswering(answers: (() => Response)[]) {
  const requests: { lastEventId: string | null; at: number }[] = [];
  const client = createScanrelayClient({
    baseUrl: 'http://api.test',
    apiKey: 'k',
    fetch: async (input) => {
      requests.push({ lastEventId: (input as Request).headers.get('last-event-id'), at: Date.now() });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      return answer!();
    },
  });
  return { client, requests };
}

describe('streamJobLogs', () => {
  it('reconnects after the retry: time the server asked for, resuming after the last line with Last-Event-ID', async () => {
    const { client, requests } = clientAnswering([
      () => sse(`retry: 150\n\nevent: log\nid: 1\ndata: ${line(1)}\n\n`),
      () => sse(`event: log\nid: 2\ndata: ${line(2)}\n\nevent: end\ndata: ${job}\n\n`),
    ]);
    const seen: string[] = [];
    for await (const ev of client.streamJobLogs('j1'))
      seen.push(ev.type === 'log' ? ev.line.message : `end ${ev.job.status}`);
    expect(seen).toEqual(['line 1', 'line 2', 'end completed']);
    expect(requests.map((r) => r.lastEventId)).toEqual([null, '1']);
    const gap = requests[1]!.at - requests[0]!.at;
    expect(gap).toBeGreaterThanOrEqual(140);
    expect(gap).toBeLessThan(1_000); // the 1 s default would have been used without retry:
  });

  it('starts after `after`, and gives up after `reconnects` streams in a row that end with no event', async () => {
    const { client, requests } = clientAnswering([() => sse('retry: 10\n\n: keep-alive\n\n')]);
    const err = await (async () => {
      for await (const _ of client.streamJobLogs('j1', { after: 7, reconnects: 2 })) {
        // no event comes
      }
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'stream_ended', retryable: true });
    expect(requests.map((r) => r.lastEventId)).toEqual(['7', '7', '7']);
  });

  it('does not reconnect when the job is not found', async () => {
    const { client, requests } = clientAnswering([
      () =>
        new Response(JSON.stringify({ status: 404, code: 'NOT_FOUND', detail: 'no job j1' }), {
          status: 404,
          headers: { 'content-type': 'application/problem+json' },
        }),
    ]);
    const err = await client
      .streamJobLogs('j1')
      .next()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND', status: 404, detail: 'no job j1' });
    expect(requests).toHaveLength(1);
  });

  it('gives up after `timeoutMs` with wait_timeout while the job is still running', async () => {
    const client = createScanrelayClient({
      baseUrl: 'http://api.test',
      apiKey: 'k',
      // A stream that sends one line and then stays open until the request is aborted.
      fetch: async (input) => {
        const signal = (input as Request).signal;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(`event: log\nid: 1\ndata: ${line(1)}\n\n`));
            signal.addEventListener('abort', () => controller.error(signal.reason));
          },
        });
        return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
      },
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const ev of client.streamJobLogs('j1', { timeoutMs: 50 }))
        if (ev.type === 'log') seen.push(ev.line.message);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['line 1']);
    expect(err).toMatchObject({ code: 'wait_timeout', detail: 'job j1 did not end within 50 ms' });
  });
});
