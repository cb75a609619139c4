import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { checkJsonSyntax, WHOLE_PARSE_BYTES } from './check-json-syntax.js';

describe('checkJsonSyntax', () => {
  const { dir, cleanup } = makeTempDir('scanrelay-json-');
  afterAll(cleanup);
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('accepts a document and JSON Lines', async () => {
    expect(
      await checkJsonSyntax(file('a.json', '{"Results": [{"a": 1}, {"b": [true, null]}]}')),
    ).toBeUndefined();
    expect(await checkJsonSyntax(file('b.jsonl', '{"a": 1}\n{"a": 2}\n'))).toBeUndefined();
  });

  it('says where a document breaks', async () => {
    const bad = await checkJsonSyntax(file('c.json', '{"a": 1,, "b": 2}'));
    expect(bad).toMatchObject({ offset: 8 });
    expect(bad?.message).toMatch(/property name|Unexpected/);
  });

  it('finds the broken line of JSON Lines', async () => {
    const bad = await checkJsonSyntax(file('e.jsonl', '{"a": 1}\n{"a": 2,}\n{"a": 3}\n'));
    expect(bad?.offset).toBeGreaterThanOrEqual(9);
    expect(bad?.offset).toBeLessThan(20);
  });

  it('checks a file larger than the whole-parse limit in a stream, with the same answers', async () => {
    const entries = Array.from({ length: Math.ceil(WHOLE_PARSE_BYTES / 30) }, (_, i) => ({
      id: i,
      name: `finding ${i}`,
    }));
    const big = JSON.stringify({ Results: entries });
    expect(big.length).toBeGreaterThan(WHOLE_PARSE_BYTES);
    expect(await checkJsonSyntax(file('f.json', big))).toBeUndefined();
    expect(await checkJsonSyntax(file('g.json', big.slice(0, -3)))).toMatchObject({
      message: expect.stringMatching(/truncated/),
    });
    const broken = `${big.slice(0, 5_000_000)},,${big.slice(5_000_000)}`;
    expect((await checkJsonSyntax(file('h.json', broken)))?.offset).toBeGreaterThan(4_000_000);
  });

  it('calls a cut-off document truncated', async () => {
    const big = JSON.stringify({
      Results: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `finding ${i}` })),
    });
    expect(await checkJsonSyntax(file('d.json', big.slice(0, -10)))).toMatchObject({
      message: expect.stringMatching(/truncated/),
    });
  });
});
