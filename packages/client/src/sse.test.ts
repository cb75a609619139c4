import { describe, expect, it } from 'vitest';
import { parseSse } from './sse.js';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('parseSse', () => {
  it('parses events split across chunks, with ids, multi-line data and comments', async () => {
    const events = [];
    for await (const e of parseSse(
      streamOf(
        ': keep-alive\n',
        'event: log\nid: 1\nda',
        'ta: {"seq":1}\n\n',
        'event: end\r\ndata: a\r\ndata: b\r\n\r\n',
      ),
    )) {
      events.push(e);
    }
    expect(events).toEqual([
      { event: 'log', id: '1', data: '{"seq":1}' },
      { event: 'end', id: undefined, data: 'a\nb' },
    ]);
  });

  it('does not dispatch an event cut off before its blank line, as the specification says', async () => {
    const events = [];
    for await (const e of parseSse(streamOf('data: whole\n\n', 'data: tail'))) events.push(e);
    expect(events).toEqual([{ event: 'message', id: undefined, data: 'whole' }]);
  });

  it('ends lines on a bare CR too, also one held at the end of a chunk or of the stream', async () => {
    const events = [];
    for await (const e of parseSse(streamOf('event: log\rid: 1\rdata: {"seq":1}\r', '\rdata: a\r', '\r'))) {
      events.push(e);
    }
    expect(events).toEqual([
      { event: 'log', id: '1', data: '{"seq":1}' },
      { event: 'message', id: undefined, data: 'a' },
    ]);
  });

  it('reports the reconnection time a retry: field asks for', async () => {
    const retries: number[] = [];
    const events = [];
    for await (const e of parseSse(streamOf('retry: 2500\n\ndata: x\n\n'), {
      onRetry: (ms) => retries.push(ms),
    }))
      events.push(e);
    expect(retries).toEqual([2500]);
    expect(events).toEqual([{ event: 'message', id: undefined, data: 'x' }]);
  });
});
