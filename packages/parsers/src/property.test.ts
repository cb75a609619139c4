import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseInput, type ParseSource } from './io/parse-input.js';
import { ParseError } from './parse-error.js';
import { collect, listParsers, parseReport } from './registry.js';
import type { ScannerParser } from './scanner-parser.js';

/**
 * Whatever bytes a parser is given, it yields findings or throws a ParseError — never another
 * exception, and never hangs. Checked for every registered parser with arbitrary bytes, arbitrary
 * JSON, its own small sample report (test/data/small/<id>.*) cut at arbitrary places, and that
 * sample with one subtree replaced by arbitrary JSON.
 */

const SAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test/data/small');
const sampleFiles = new Map(
  readdirSync(SAMPLES).map((f) => [f.replace(/\.[a-z]+$/, ''), path.join(SAMPLES, f)]),
);
const HANG_MS = 10_000;

/** Runs a parse to the end; resolves to 'ok' or 'parse-error', rejects with anything else. */
async function outcome(run: () => Promise<unknown>): Promise<'ok' | 'parse-error'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result after ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    await Promise.race([run(), hang]);
    return 'ok';
  } catch (e) {
    if (e instanceof ParseError) return 'parse-error';
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

const parseWith = (parser: ScannerParser, source: ParseSource) =>
  outcome(() => collect(parser.parse(new ParseInput(source))));

/** Every [path] of a JSON value, so a property can replace one subtree. */
function jsonPaths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) out.push(...jsonPaths(x, [...prefix, i]));
  } else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) out.push(...jsonPaths(x, [...prefix, k]));
  return out;
}

function replaceAt(root: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at[at.length - 1]!] = value;
  return copy;
}

describe.each(listParsers().map((p) => [p.id, p] as const))(
  'parser %s never throws anything but ParseError',
  (id, parser) => {
    const file = sampleFiles.get(id);
    const sample = file ? readFileSync(file) : Buffer.alloc(0);

    it('has a small sample report that it parses into findings', async () => {
      expect(file, `add test/data/small/${id}.<ext>`).toBeDefined();
      const findings = await collect(parser.parse(new ParseInput({ bytes: sample })));
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.every((f) => f.tool.id === id)).toBe(true);
    });

    it('arbitrary bytes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          expect(['ok', 'parse-error']).toContain(await parseWith(parser, { bytes }));
        }),
        { numRuns: 60 },
      );
    });

    it('arbitrary JSON', async () => {
      await fc.assert(
        fc.asyncProperty(fc.json({ maxDepth: 4 }), async (text) => {
          expect(['ok', 'parse-error']).toContain(await parseWith(parser, { text }));
        }),
        { numRuns: 60 },
      );
    });

    it('its sample report cut at any place', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: sample.length }), async (cut) => {
          expect(['ok', 'parse-error']).toContain(
            await parseWith(parser, { bytes: sample.subarray(0, cut) }),
          );
        }),
        { numRuns: 150 },
      );
    });

    it('its sample report with bytes overwritten', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: Math.max(0, sample.length - 1) }),
          fc.uint8Array({ minLength: 1, maxLength: 16 }),
          async (at, noise) => {
            const bytes = Buffer.from(sample);
            bytes.set(noise.subarray(0, bytes.length - at), at);
            expect(['ok', 'parse-error']).toContain(await parseWith(parser, { bytes }));
          },
        ),
        { numRuns: 60 },
      );
    });

    const doc = (() => {
      try {
        return JSON.parse(sample.toString('utf8')) as unknown;
      } catch {
        return undefined; // XML and JSON Lines samples
      }
    })();

    // XML samples have no JSON tree to mutate; the byte-level properties above cover them.
    if (doc === undefined) return;
    it('its sample report with one subtree replaced by arbitrary JSON', async () => {
      const paths = jsonPaths(doc);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 3 }), async (at, value) => {
          const text = JSON.stringify(replaceAt(doc, at, value));
          expect(['ok', 'parse-error']).toContain(await parseWith(parser, { text }));
        }),
        { numRuns: 120 },
      );
    });
  },
);

describe('auto-detection never throws anything but ParseError', () => {
  it('arbitrary bytes and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 1024 }),
          fc.json().map((t) => Buffer.from(t)),
        ),
        async (bytes) => {
          const r = await outcome(async () =>
            collect((await parseReport({ bytes }, { scannerType: 'auto' })).findings),
          );
          expect(['ok', 'parse-error']).toContain(r);
        },
      ),
      { numRuns: 150 },
    );
  });
});
