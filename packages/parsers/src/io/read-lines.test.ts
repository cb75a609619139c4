import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseInput } from './parse-input.js';
import { readLineBatches, readLines } from './read-lines.js';

/** The lines as a streaming TextDecoder splits them (what readLines gave before it decoded by runs). */
function reference(chunks: Uint8Array[]): string[] {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for (const c of chunks) text += decoder.decode(c, { stream: true });
  text = (text + decoder.decode()).replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** A stream of `bytes` cut at `cuts`. */
/** Cut points within `bytes` from arbitrary numbers, and the chunks they make. */
function cutAt(bytes: Uint8Array, rawCuts: number[]): { cuts: number[]; chunks: Uint8Array[] } {
  const cuts = rawCuts.map((c) => c % (bytes.length + 1));
  const at = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return { cuts, chunks: at.slice(1).map((end, i) => bytes.subarray(at[i], end)) };
}

function streamOf(bytes: Uint8Array, cuts: number[]): ParseInput {
  const at = [0, ...cuts.sort((a, b) => a - b), bytes.length];
  return new ParseInput({
    stream: (async function* () {
      for (let i = 1; i < at.length; i++) yield bytes.slice(at[i - 1], at[i]);
    })(),
  });
}

async function linesOf(input: ParseInput): Promise<{ line: string; number: number }[]> {
  const out: { line: string; number: number }[] = [];
  for await (const l of readLines(input)) out.push(l);
  return out;
}

describe('readLines', () => {
  it('drops a BOM and the \\r of \\r\\n, keeps empty lines and a last line without \\n', async () => {
    const lines = await linesOf(new ParseInput({ text: '\uFEFFa\r\nb\n\n\rc\r\nd' }));
    expect(lines).toEqual([
      { line: 'a', number: 1 },
      { line: 'b', number: 2 },
      { line: '', number: 3 },
      { line: '\rc', number: 4 },
      { line: 'd', number: 5 },
    ]);
  });

  it('decodes characters split across chunks and replaces invalid bytes by U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('x€y\n'), Buffer.from([0x61, 0xff, 0x0a, 0xe2, 0x82])]);
    const cuts = Array.from({ length: bytes.length }, (_, i) => i);
    expect((await linesOf(streamOf(bytes, cuts))).map((l) => l.line)).toEqual(['x€y', 'a\uFFFD', '\uFFFD']);
  });

  it('gives what a streaming TextDecoder gives, for any bytes and chunking (property)', async () => {
    const piece = fc.constantFrom('a', 'é', '€', '😀', '\n', '\r', '\r\n', '\uFEFF', ' ', '{"k":1}');
    const raw = fc.constantFrom(0xff, 0xc3, 0xe2, 0x82, 0xf0, 0x9f, 0x80);
    const part = fc.oneof(
      piece.map((s) => Buffer.from(s)),
      raw.map((b) => Buffer.from([b])),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(part, { maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (parts, rawCuts) => {
          const bytes = Buffer.concat(parts);
          const { cuts, chunks } = cutAt(bytes, rawCuts);
          const got = (await linesOf(streamOf(bytes, cuts))).map((l) => l.line);
          expect(got).toEqual(reference(chunks));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('batches whole lines by pieces of at most 64 KiB (a longer line alone), numbered, with the same text', async () => {
    const lines: string[] = [];
    for (let i = 0, size = 0; size < 600_000; i++) {
      lines.push(i === 700 ? `long ${'é'.repeat(50_000)}€` : `{"n":${i},"s":"${'aé😀'.repeat(i % 40)}"}`);
      size += lines[i]!.length;
    }
    const bytes = Buffer.from(`\uFEFF${lines.join('\r\n')}\n`);
    for (const input of [new ParseInput({ text: bytes.toString() }), streamOf(bytes, [5, 70_000, 300_001])]) {
      const got: string[] = [];
      for await (const b of readLineBatches(input)) {
        expect(b.first).toBe(got.length + 1);
        const size = Buffer.byteLength(b.lines.join('\n'));
        if (b.lines.length > 1) expect(size).toBeLessThanOrEqual(64 * 1024);
        got.push(...b.lines);
      }
      expect(got).toEqual(lines);
    }
  });

  it('gives what a streaming TextDecoder gives for texts larger than a piece (property)', async () => {
    const piece = fc.constantFrom('a', 'é', '€', '😀', '\n', '\r\n', '{"k":1}', 'x'.repeat(3000));
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 50, maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        fc.nat(),
        async (parts, rawCuts, invalid) => {
          const bytes = Buffer.from(parts.join('').repeat(8));
          if (bytes.length > 0) bytes[invalid % bytes.length] = 0xff;
          const { cuts, chunks } = cutAt(bytes, rawCuts);
          const got = (await linesOf(streamOf(bytes, cuts))).map((l) => l.line);
          expect(got).toEqual(reference(chunks));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('groups lines by chunk with the number of the first', async () => {
    const batches = [];
    for await (const b of readLineBatches(streamOf(Buffer.from('a\nb\nc\nd'), [4]))) batches.push(b);
    expect(batches).toEqual([
      { lines: ['a', 'b'], first: 1 },
      { lines: ['c'], first: 3 },
      { lines: ['d'], first: 4 },
    ]);
  });
});

describe('readLines and the event loop', () => {
  it('lets the event loop run while its consumer works through a large text already in memory', async () => {
    const text = Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ n: i, s: `line ${i}` })).join(
      '\n',
    );
    let read = 0;
    let readWhenTheLoopRan: number | undefined;
    setImmediate(() => {
      readWhenTheLoopRan = read;
    });
    for await (const { line } of readLines(new ParseInput({ text }))) if (JSON.parse(line)) read++;
    expect(read).toBe(200_000);
    expect(readWhenTheLoopRan).toBeDefined();
    expect(readWhenTheLoopRan).toBeLessThan(200_000);
  });
});
