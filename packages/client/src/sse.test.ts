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
});
