import { createParser } from 'eventsource-parser';

/** One Server-Sent Event. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface ParseSseOptions {
  /** Called with the reconnection time a `retry:` field asks for, in milliseconds. */
  onRetry?: (ms: number) => void;
}

/**
 * Parses a `text/event-stream` body into events with `eventsource-parser` (every line ending the
 * specification allows: LF, CRLF and a bare CR). As the specification says, an event cut off before
 * its blank line is not dispatched.
 */
export async function* parseSse(
  body: ReadableStream<Uint8Array>,
  options: ParseSseOptions = {},
): AsyncGenerator<SseEvent> {
  const ready: SseEvent[] = [];
  const parser = createParser({
    onEvent: (e) => ready.push({ event: e.event ?? 'message', data: e.data, id: e.id }),
    onRetry: options.onRetry,
  });
  const decoder = new TextDecoder();
  let lastChar = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    const text = decoder.decode(chunk, { stream: true });
    if (text === '') continue;
    parser.feed(text);
    lastChar = text.at(-1) ?? '';
    yield* ready.splice(0);
  }
  // The parser holds a trailing CR back in case an LF follows; at the end of the stream none will,
  // so that CR ended its line (and may be the blank line that dispatches the last event).
  const rest = decoder.decode();
  if (rest !== '') {
    parser.feed(rest);
    lastChar = rest.at(-1) ?? '';
  }
  if (lastChar === '\r') parser.feed('\n');
  yield* ready.splice(0);
}
