import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { adoptDraft, type Finding, type FindingDraft } from '@scanrelay/findings-schema';
import { need } from '@scanrelay/test-utils';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/expected.js';
import { adoptV3, v3Draft } from './trufflehog-finding.js';

const secrets = (name: string) => new URL(`../../test/data/secrets/${name}`, import.meta.url).pathname;

/** A finding as text, every key in order and `undefined` members included, but its random id. */
const show = (f: Finding | undefined) =>
  f === undefined ? 'refused' : inspect({ ...f, id: '' }, { depth: 10 });

/** The v3 result lines of a JSON-lines text. */
function v3Lines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (typeof r.DetectorName === 'string') out.push(r);
  }
  return out;
}

/**
 * `adoptV3` checks a v3 draft with `adoptSourceSecretDraft`, which skips what the draft's literal fixes: it
 * must adopt exactly the drafts `adoptDraft` adopts (no NUL aside), giving the same finding.
 */
function expectAdoptedAsByAdoptDraft(lines: Record<string, unknown>[]): void {
  let adopted = 0;
  for (const r of lines) {
    const draft = v3Draft(r);
    const viaAdoptDraft = adoptDraft(v3Draft(r) as FindingDraft);
    const got = adoptV3(draft);
    if (draft.name.includes('\u0000') || draft.description?.includes('\u0000')) {
      expect(got).toBeUndefined();
      continue;
    }
    expect(show(got)).toBe(show(viaAdoptDraft));
    if (got) adopted++;
  }
  expect(adopted).toBeGreaterThan(0);
}

/** Lines whose values the model refuses or that are unusual in shape. */
const EDGE_LINES = [
  { line: 2 ** 60 },
  { line: '1e300' },
  { line: '9007199254740993' },
  { line: 0 },
  { line: -3 },
  { line: 1.5 },
  { line: '12' },
  {},
].map((git, i) => ({
  SourceMetadata: { Data: { Git: { commit: 'c', file: i % 2 ? '' : `f${i}.txt`, ...git } } },
  DetectorName: i === 3 ? '' : 'AWS',
  DetectorDescription: i === 5 ? '' : 'AWS keys',
  Raw: i === 4 ? '' : `AKIA${i}QQQQQQQQQQQQ`,
  RawV2: i === 6 ? 7 : undefined,
  Verified: i === 2,
  ExtraData: i === 7 ? JSON.parse('{"__proto__":"x","a":"AKIA7QQQQQQQQQQQQ"}') : { account: '1' },
}));

describe('trufflehog v3: drafts adopted by the specialised check', () => {
  it('adopts as adoptDraft does on the test data and edge cases', () => {
    for (const name of ['trufflehog-v3.jsonl', 'trufflehog-v3-sources.jsonl'])
      expectAdoptedAsByAdoptDraft(v3Lines(readFileSync(secrets(name), 'utf8')));
    expectAdoptedAsByAdoptDraft(JSON.parse(JSON.stringify(EDGE_LINES)));
    // The line numbers the model refuses (not safe integers) take the copying path, which reports them.
    expect(EDGE_LINES.map((r) => adoptV3(v3Draft(r)) === undefined)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it.runIf(need('fixtures'))('adopts as adoptDraft does on every DefectDojo trufflehog fixture', () => {
    const dir = path.dirname(fixturePath('trufflehog/x'));
    const names = readdirSync(dir).filter((n) => n.startsWith('v3_'));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names)
      expectAdoptedAsByAdoptDraft(v3Lines(readFileSync(path.join(dir, name), 'utf8')));
  });
});
