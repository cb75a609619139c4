import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createTimeSlice } from './create-time-slice.js';

/** Anything a report can come from. A file path can be read more than once; a stream only once. */
export type ParseSource =
  | { path: string }
  | { text: string }
  | { bytes: Uint8Array }
  | { stream: AsyncIterable<Uint8Array> | NodeJS.ReadableStream };

/**
 * A report's bytes. `head()` reads the beginning for detection without consuming a stream;
 * `chunks()` yields every byte once (for a stream, the head is replayed first).
 */
export class ParseInput {
  #source: ParseSource;
  #head: Uint8Array | undefined;
  #iterator: AsyncIterator<Uint8Array> | undefined;
  #consumed = false;

  constructor(source: ParseSource) {
    this.#source = source;
  }

  static from(source: ParseSource | ParseInput): ParseInput {
    return source instanceof ParseInput ? source : new ParseInput(source);
  }

  /** True when the input can be read again from the start (a file, a string, bytes). */
  get isReplayable(): boolean {
    return !('stream' in this.#source);
  }

  get filePath(): string | undefined {
    return 'path' in this.#source ? this.#source.path : undefined;
  }

  /** The first `size` bytes (fewer at end of input). */
  async head(size = 64 * 1024): Promise<Uint8Array> {
    if (this.#head && this.#head.byteLength >= size) return this.#head.subarray(0, size);
    const s = this.#source;
    if ('text' in s) return Buffer.from(s.text.slice(0, size * 4)).subarray(0, size);
    if ('bytes' in s) return s.bytes.subarray(0, size);
    if ('path' in s) {
      const fh = await open(s.path, 'r');
      try {
        const buf = Buffer.alloc(size);
        const { bytesRead } = await fh.read(buf, 0, size, 0);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    }
    // A stream: buffer chunks until we have enough, and replay them in chunks().
    if (this.#consumed) throw new TypeError('@scanrelay/parsers: head() after the stream was consumed');
    this.#iterator ??= toAsyncIterable(s.stream)[Symbol.asyncIterator]();
    const parts: Uint8Array[] = this.#head ? [this.#head] : [];
    let total = this.#head?.byteLength ?? 0;
    while (total < size) {
      const next = await this.#iterator.next();
      if (next.done) break;
      parts.push(next.value);
      total += next.value.byteLength;
    }
    this.#head = Buffer.concat(parts);
    return this.#head.subarray(0, size);
  }

  /** The head decoded as UTF-8 (a split multi-byte character at the end is dropped), BOM removed. */
  async headText(size = 64 * 1024): Promise<string> {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(await this.head(size));
    return text.replace(/^\uFEFF/, '').replace(/\uFFFD$/, '');
  }

  /**
   * Every byte of the input, once, in chunks of about `chunkSize`. Between chunks it pauses for the
   * event loop when its time slice is used up (the consumer's work counts), so a long parse, even of
   * a report already in memory, never holds the process for more than a slice and a chunk.
   */
  async *chunks(chunkSize = 1024 * 1024): AsyncGenerator<Uint8Array> {
    const slice = createTimeSlice();
    for await (const chunk of this.#chunks(chunkSize)) {
      if (slice.due()) await slice.pause();
      yield chunk;
    }
  }

  async *#chunks(chunkSize: number): AsyncGenerator<Uint8Array> {
    const s = this.#source;
    if ('text' in s || 'bytes' in s) {
      const bytes = 'text' in s ? Buffer.from(s.text) : s.bytes;
      // Cut, so that the consumer can pause between the pieces (subarrays: nothing is copied).
      for (let at = 0; at < bytes.byteLength; at += chunkSize)
        yield bytes.subarray(at, Math.min(bytes.byteLength, at + chunkSize));
      return;
    }
    if ('path' in s) {
      for await (const c of createReadStream(s.path, { highWaterMark: chunkSize })) yield c as Buffer;
      return;
    }
    if (this.#consumed) throw new TypeError('@scanrelay/parsers: a stream input can be read only once');
    this.#consumed = true;
    if (this.#head) yield this.#head;
    this.#iterator ??= toAsyncIterable(s.stream)[Symbol.asyncIterator]();
    while (true) {
      const next = await this.#iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
}

function toAsyncIterable(
  stream: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
): AsyncIterable<Uint8Array> {
  if (Symbol.asyncIterator in stream) return stream as AsyncIterable<Uint8Array>;
  return Readable.from(stream as NodeJS.ReadableStream) as AsyncIterable<Uint8Array>;
}
