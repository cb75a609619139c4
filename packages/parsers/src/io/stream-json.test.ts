import { describe, expect, it } from 'vitest';
import { ParseError } from '../parse-error.js';
import { collect } from '../registry.js';
import { type JsonMatch, JsonScanner, type JsonScannerOptions } from './json-scanner.js';
import { streamJson, streamJsonWithSkeleton } from './stream-json.js';

/** Runs the scanner over `bytes` cut into the given chunk sizes, returning matches and skeleton. */
function scanChunks(bytes: Uint8Array, options: JsonScannerOptions, cuts: number[] = []) {
  const s = new JsonScanner(options);
  const matches: JsonMatch[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    matches.push(...s.push(bytes.subarray(at, Math.max(at, cut))));
    at = Math.max(at, cut);
  }
  matches.push(...s.end());
  return { matches: matches.map((m) => ({ path: m.path, value: m.value })), skeleton: s.skeleton };
}

const trivy = {
  SchemaVersion: 2,
  ArtifactName: 'img:1 "quoted" [x] {y}',
  Results: [
    {
      Target: 'a',
      Vulnerabilities: [
        { id: 1, t: 'x"]}\\' },
        { id: 2, u: '\u00e9\ud83d\ude00\u2028' },
      ],
    },
    { Target: 'b', Class: 'lang-pkgs', Vulnerabilities: null },
    { Target: 'c', Vulnerabilities: [{ id: 3, nested: [[{ a: [] }], {}] }] },
  ],
  Tail: { z: [1, -2.5e3, true, false, null] },
};
const select = ['$.Results[*].Vulnerabilities[*]'];

describe('streamJson', () => {
  it('emits the selected values with their path and the containers read so far', async () => {
    const s = streamJsonWithSkeleton({ text: JSON.stringify(trivy, null, 2) }, { scanner: 'trivy', select });
    const matches = await collect(s.matches);
    expect(matches.map((m) => m.path)).toEqual([
      ['Results', 0, 'Vulnerabilities', 0],
      ['Results', 0, 'Vulnerabilities', 1],
      ['Results', 2, 'Vulnerabilities', 0],
    ]);
    expect(matches.map((m) => m.value)).toEqual([
      ...trivy.Results[0]!.Vulnerabilities!,
      ...trivy.Results[2]!.Vulnerabilities!,
    ]);
    const [root, results, result, vulns] = matches[2]!.ancestors as [
      Record<string, unknown>,
      unknown[],
      Record<string, unknown>,
      unknown[],
    ];
    expect(root.ArtifactName).toBe(trivy.ArtifactName);
    expect(results[2]).toBe(result);
    expect(result.Target).toBe('c');
    expect(vulns).toEqual([]);
    expect(s.skeleton()).toEqual({
      ...trivy,
      Results: [
        { Target: 'a', Vulnerabilities: [] },
        { Target: 'b', Class: 'lang-pkgs', Vulnerabilities: null },
        { Target: 'c', Vulnerabilities: [] },
      ],
    });
  });

  it('reads a top-level array and every member of an object with its key', async () => {
    const legacy = [{ Target: 't', Vulnerabilities: [{ id: 'CVE-1' }] }];
    const m1 = await collect(
      streamJson({ text: JSON.stringify(legacy) }, { scanner: 'trivy', select: ['$[*].Vulnerabilities[*]'] }),
    );
    expect(m1.map((m) => [m.path, m.value])).toEqual([[[0, 'Vulnerabilities', 0], { id: 'CVE-1' }]]);
    const njs = { nodejs: { rule_a: { files: [] }, rule_b: { files: [1] } }, templates: {}, errors: [] };
    const m2 = await collect(
      streamJson(
        { text: JSON.stringify(njs) },
        { scanner: 'njsscan', select: ['$.nodejs.*', '$.templates.*'] },
      ),
    );
    expect(m2.map((m) => [m.path.at(-1), m.value])).toEqual([
      ['rule_a', { files: [] }],
      ['rule_b', { files: [1] }],
    ]);
  });

  it('skips a BOM and keeps a __proto__ member as data', () => {
    const text = '\ufeff {"__proto__": {"polluted": 1}, "a": [{"x": 1}]} \n';
    const r = scanChunks(Buffer.from(text), { scanner: 't', select: ['$.a[*]'] });
    expect(r.matches).toEqual([{ path: ['a', 0], value: { x: 1 } }]);
    const sk = r.skeleton as Record<string, unknown>;
    expect(Object.getPrototypeOf(sk)).toBe(Object.prototype);
    expect(Object.keys(sk)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives the same result for every split of a document into two chunks and into single bytes', () => {
    const bytes = Buffer.from(`\ufeff${JSON.stringify(trivy, null, 1)}`);
    const options = { scanner: 'trivy', select, skip: ['$.Tail.z'] };
    const whole = scanChunks(bytes, options);
    expect(whole.matches).toHaveLength(3);
    expect((whole.skeleton as { Tail: object }).Tail).toEqual({});
    for (let cut = 0; cut <= bytes.length; cut++) expect(scanChunks(bytes, options, [cut])).toEqual(whole);
    const ones = Array.from({ length: bytes.length }, (_, i) => i + 1);
    expect(scanChunks(bytes, options, ones)).toEqual(whole);
  });

  it('skeleton() before the end is a TypeError', () => {
    const s = streamJsonWithSkeleton({ text: '[]' }, { scanner: 't', select: ['$[*]'] });
    expect(() => s.skeleton()).toThrow(TypeError);
  });

  it('rejects unsupported and overlapping paths', () => {
    expect(() => new JsonScanner({ scanner: 't', select: ['Results[*]'] })).toThrow(TypeError);
    expect(() => new JsonScanner({ scanner: 't', select: ['$.a[0]'] })).toThrow(TypeError);
    expect(() => new JsonScanner({ scanner: 't', select: ['$.a[*]', '$.a[*].b'] })).toThrow(/inside another/);
    expect(() => new JsonScanner({ scanner: 't', select: ['$.a'], skip: ['$.a'] })).toThrow(/overlaps/);
  });
});

describe('streamJson errors', () => {
  const fail = (text: string, sel = select) => {
    try {
      scanChunks(Buffer.from(text), { scanner: 'trivy', select: sel });
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      return e as ParseError;
    }
    throw new Error(`no error for ${text}`);
  };

  it('names the scanner, the JSON path and the byte offset', () => {
    const e = fail('{"Results":[{"Vulnerabilities":[{"a":1},{"b":}]}]}');
    expect(e.scanner).toBe('trivy');
    expect(e.where).toEqual({ path: '$.Results[0].Vulnerabilities[1]', offset: 40 });
    expect(e.message).toBe(
      "@scanrelay/parsers: trivy: at $.Results[0].Vulnerabilities[1] (byte 40): expected valid JSON, got unexpected token '}'",
    );
  });

  it('reports truncation at every position of a document', () => {
    const text = JSON.stringify(trivy);
    for (let cut = 0; cut < text.length; cut++) {
      const e = fail(text.slice(0, cut));
      expect(e.where.offset).toBeLessThanOrEqual(Buffer.byteLength(text.slice(0, cut)));
    }
  });

  it('finds structural errors on the selected path and inside values', () => {
    expect(fail('{"Results":[{"Vulnerabilities":[1,]}]}').where.path).toBe('$.Results[0].Vulnerabilities[1]');
    expect(fail('{"Results":[{"Target" "x"}]}').expected).toBe("':'");
    expect(fail('{"Results":[{"Target":"x",}]}').expected).toBe('a member name');
    expect(fail('{"Results":[{"Target":"x"]}').expected).toBe("',' or '}'");
    expect(fail('{"Results":{"a":1}} x').where).toEqual({ path: '$', offset: 20 });
    expect(fail('{"Results":[{"Target":01}]}').where.path).toBe('$.Results[0].Target');
    expect(fail('{"Results":[{"T\u0001":1}]}').expected).toMatch(/control/);
    expect(fail('{"Results":[{"Vulnerabilities":[{"a":"\\q"}]}]}').message).toMatch(/bad escaped character$/);
    expect(fail('   \n').message).toMatch(/an empty input/);
  });

  it('never quotes the input in the message (it may hold a secret)', () => {
    const e = fail('{"Results":[{"Vulnerabilities":[{"Secret":"ghp_abcdefghijklmnop", x}]}]}');
    expect(e.message).not.toContain('ghp_');
  });

  it('refuses a single value larger than maxValueBytes', () => {
    const big = `{"Results":[{"Vulnerabilities":[${JSON.stringify({ s: 'x'.repeat(5000) })}]}]}`;
    const bytes = Buffer.from(big);
    expect(() => scanChunks(bytes, { scanner: 't', select, maxValueBytes: 1000 }, [100, 2000, 4000])).toThrow(
      /a value of at most 1000 bytes/,
    );
  });
});

describe('streamJson and the event loop', () => {
  it('lets the event loop run while it parses a large document already in memory', async () => {
    const items = Array.from({ length: 200_000 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b'] }));
    const bytes = Buffer.from(JSON.stringify({ items }));
    let read = 0;
    let readWhenTheLoopRan: number | undefined;
    setImmediate(() => {
      readWhenTheLoopRan = read;
    });
    for await (const _ of streamJson({ bytes }, { scanner: 't', select: ['$.items[*]'] })) read++;
    expect(read).toBe(200_000);
    // Without the pauses the whole parse is one run of microtasks: the callback would come after it.
    expect(readWhenTheLoopRan).toBeDefined();
    expect(readWhenTheLoopRan).toBeLessThan(200_000);
  });
});
