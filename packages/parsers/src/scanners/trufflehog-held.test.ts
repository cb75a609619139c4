import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import type { Finding } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/expected.js';
import { ParseInput } from '../io/parse-input.js';
import { RepeatMerger } from './support/merge-repeated.js';
import { combineCommits, trufflehogParser } from './trufflehog.js';
import { v3Finding } from './trufflehog-finding.js';
import { type HeldV3, release, v3Held } from './trufflehog-held.js';

const secrets = (name: string) => new URL(`../../test/data/secrets/${name}`, import.meta.url).pathname;

/** A finding as text: every key in order, `undefined` members included; not the random id. */
function show(f: Finding): string {
  const { id, ...rest } = f;
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  return inspect(rest, { depth: 10 });
}

function inputOf(text: string, stream: boolean): ParseInput {
  if (!stream) return new ParseInput({ text });
  const bytes = Buffer.from(text);
  return new ParseInput({
    stream: (async function* () {
      for (let at = 0; at < bytes.length; at += 777) yield bytes.subarray(at, at + 777);
    })(),
  });
}

/** The findings, warnings and error of a parse, as text. */
async function outcome(text: string, stream: boolean, perRecord: boolean, merge: boolean): Promise<string[]> {
  const out: string[] = [];
  const merger = new RepeatMerger<Finding>({ combine: combineCommits });
  const options = { oneFindingPerRecord: perRecord, onWarning: (w: string) => out.push(`warning ${w}`) };
  try {
    for await (const f of trufflehogParser.parse(inputOf(text, stream), options)) {
      const released = merge ? merger.push(f) : f;
      if (released) out.push(show(released));
    }
    if (merge) for (const f of merger.flush()) out.push(show(f));
  } catch (error) {
    out.push(`error ${(error as Error).message}`);
  }
  return out;
}

/**
 * The merging parse holds v3 findings compactly and builds them when they leave the window. It must give
 * what it gave when it held whole findings: every finding built one per line (`oneFindingPerRecord`, which
 * builds each with `v3Finding`), merged by the shared `RepeatMerger`.
 */
async function expectSameAsWholeFindings(text: string): Promise<void> {
  for (const stream of [false, true]) {
    // On a cut line both give the findings released before it, then the same error.
    expect(await outcome(text, stream, false, false)).toEqual(await outcome(text, stream, true, true));
  }
}

/** v3 lines (with log records, v2 lines and stray text), repeats near and further apart than the window. */
function generated(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const j = i % 5 === 0 ? Math.max(0, i - 1 - (i % 1700)) : i;
    const git: Record<string, unknown> = {
      commit: `c${j % 13}`,
      file: `dir/f${j % 40}.txt`,
      line: 1 + (j % 9),
    };
    if (j % 29 === 0) git.line = String(1 + (j % 9));
    const r: Record<string, unknown> = {
      SourceMetadata:
        j % 23 === 0 ? undefined : { Data: { Git: { ...git, repository: 'r', timestamp: 't' } } },
      SourceName: 'trufflehog - git',
      DetectorType: 2,
      DetectorName: j % 31 === 0 ? 'Nul\u0000Detector' : j % 3 === 0 ? 'Github' : 'AWS',
      DecoderName: j % 3 === 0 ? 'BASE64' : 'PLAIN',
      Verified: j % 4 === 0,
      Raw: j % 37 === 0 ? undefined : `AKIA${j}`,
      RawV2: j % 2 === 0 ? `AKIA${j}/secret` : undefined,
      Redacted: j % 6 === 0 ? 'AKIA' : `id${j}`,
      ExtraData: j % 2 === 0 ? { account: '12345', note: `has AKIA${j}` } : null,
      VerificationError: j % 17 === 0 ? `refused AKIA${j}` : undefined,
      DetectorDescription: j % 19 === 0 ? 'with a \u0000' : 'AWS keys',
    };
    lines.push(JSON.stringify(r));
    if (i % 100 === 0) lines.push('{"level":"info-0","msg":"scanning"}');
    if (i % 997 === 0)
      lines.push(JSON.stringify({ reason: 'High Entropy', path: `p${i % 3}`, commitHash: `h${i}` }));
  }
  return `${lines.join('\n')}\n`;
}

describe('trufflehog: findings held compactly in the merge window', () => {
  it('releases the finding v3Finding builds, key order and undefined members included', () => {
    const line = JSON.parse(readFileSync(secrets('trufflehog-v3.jsonl'), 'utf8').split('\n')[0]!);
    const held = v3Held(line, 1);
    expect(show(release(held))).toBe(show(v3Finding(line, 1)));
    const noSecret = { ...line, Raw: undefined, RawV2: undefined };
    expect(show(release(v3Held(noSecret, 1)))).toBe(show(v3Finding(noSecret, 1)));
  });

  it('merges held records as it merges whole findings: same window, order and occurrences', () => {
    const text = generated(4000);
    const items = text
      .split('\n')
      .filter((l) => l.includes('DetectorName'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const held = new RepeatMerger<HeldV3 | Finding>({ window: 50, combine: combineCommits, release });
    const whole = new RepeatMerger<Finding>({ window: 50, combine: combineCommits });
    const got: string[] = [];
    const want: string[] = [];
    items.forEach((r, i) => {
      const a = held.push(v3Held(r, i + 1));
      const b = whole.push(v3Finding(r, i + 1));
      if (a) got.push(show(a));
      if (b) want.push(show(b));
    });
    for (const f of held.flush()) got.push(show(f));
    for (const f of whole.flush()) want.push(show(f));
    expect(got).toEqual(want);
    expect(want.some((l) => /occurrences: [2-9]/.test(l))).toBe(true);
  });

  it('gives the same findings as holding whole findings, on generated lines', async () => {
    await expectSameAsWholeFindings(generated(6000));
    await expectSameAsWholeFindings(`\uFEFF${generated(300).replaceAll('\n', '\r\n')}`);
    await expectSameAsWholeFindings(`${generated(300)}{"DetectorName":"cut`);
    // A line number the model refuses: the copying path reads the line again and reports it.
    const refused = {
      SourceMetadata: { Data: { Git: { file: 'a', line: 2 ** 60 } } },
      DetectorName: 'AWS',
      Raw: 'k',
    };
    await expectSameAsWholeFindings(`${generated(300)}${JSON.stringify(refused)}\n${generated(20)}`);
  });

  it('gives the same findings on the test data', async () => {
    for (const name of readdirSync(path.dirname(secrets('x'))).filter((n) => n.startsWith('trufflehog-')))
      await expectSameAsWholeFindings(readFileSync(secrets(name), 'utf8'));
  });

  it.runIf(need('fixtures'))('gives the same findings on every DefectDojo trufflehog fixture', async () => {
    const dir = path.dirname(fixturePath('trufflehog/x'));
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) await expectSameAsWholeFindings(readFileSync(path.join(dir, name), 'utf8'));
  });
});
