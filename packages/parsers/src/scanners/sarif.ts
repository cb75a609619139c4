import type { Finding } from '@scanrelay/findings-schema';
import { HoldUntilComplete } from '../io/hold-until-complete.js';
import { LazyJsonPath } from '../io/json-path.js';
import type { JsonMatch } from '../io/json-scanner.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonBatches, streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { sarifFindings } from './sarif-result.js';
import { type SarifRun, sarifRun } from './sarif-run.js';
import { secretlintSarifDraft } from './secretlint-sarif.js';
import { key } from './support/head-json.js';
import { isRecord } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'sarif';
const SELECT = ['$.runs[*].results[*]'];
/** Large parts of a run that no finding needs: never parsed nor kept. */
const SKIP = [
  '$.runs[*].invocations[*].toolExecutionNotifications',
  '$.runs[*].invocations[*].toolConfigurationNotifications',
  '$.runs[*].graphs',
  '$.runs[*].threadFlowLocations',
  '$.runs[*].webRequests',
  '$.runs[*].webResponses',
];

type Rec = Record<string, unknown>;
const runOf = (m: JsonMatch): Rec => m.ancestors[2] as Rec;

function checkLog(log: unknown): void {
  if (!isRecord(log) || !Array.isArray(log.runs)) {
    throw new ParseError(SCANNER, { path: '$' }, 'a SARIF log: an object with a "runs" array', {
      got: describeValue(log),
    });
  }
  if (typeof log.version === 'string' && !log.version.startsWith('2.1')) {
    throw new ParseError(SCANNER, { path: '$.version' }, 'SARIF version 2.1.0', {
      got: describeValue(log.version),
    });
  }
}

/** Reads the runs without their results (a second pass over a file, for runs whose tool comes last). */
async function runsWithoutResults(input: ParseInput): Promise<unknown[]> {
  const s = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: [],
    skip: ['$.runs[*].results', ...SKIP],
  });
  for await (const _ of s.matches);
  const log = s.skeleton();
  return isRecord(log) && Array.isArray(log.runs) ? log.runs : [];
}

/**
 * Streams `$.runs[*].results[*]`. A run's tool and rules come before its results in every known
 * producer; when a run's `tool` has not been read yet at its first result, a file (or text/bytes)
 * input is read a second time without results to get it, and a stream input holds that run's results
 * until the run is complete (memory then grows with that run only). Results arrive in batches (one
 * `await` per batch of input, not per result).
 */
async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonBatches(input, { scanner: SCANNER, select: SELECT, skip: SKIP });
  const hold = input.isReplayable ? undefined : new HoldUntilComplete((m) => isRecord(runOf(m).tool), runOf);
  let replayed: unknown[] | undefined;
  let runObject: Rec | undefined;
  let run: SarifRun | undefined;
  /** The context of the match's run (read again without results when its tool comes later). */
  const runFor = async (m: JsonMatch): Promise<SarifRun> => {
    if (runObject === undefined) checkLog(m.ancestors[0]);
    runObject = runOf(m);
    const index = m.path[1] as number;
    let source = runObject;
    if (!isRecord(runObject.tool) && input.isReplayable) {
      replayed ??= await runsWithoutResults(input);
      if (isRecord(replayed[index])) source = replayed[index] as Rec;
    }
    return sarifRun(source, index);
  };
  const resultFindings = (m: JsonMatch): Finding[] => {
    const where = new LazyJsonPath(m.path);
    if (!isRecord(m.value))
      throw new ParseError(SCANNER, where, 'a SARIF result object', { got: describeValue(m.value) });
    // secretlint's message quotes the secret it found: its own reader hashes and redacts it.
    if (run!.tool.name === 'secretlint')
      return [toFinding('secretlint', where, secretlintSarifDraft(m, options))];
    return sarifFindings(m.value, run!, where, options);
  };
  for await (const batch of stream.batches) {
    for (const m0 of batch) {
      for (const m of hold ? hold.push(m0) : [m0]) {
        if (runOf(m) !== runObject) run = await runFor(m);
        for (const f of resultFindings(m)) yield f;
      }
    }
  }
  for (const m of hold?.flush() ?? []) {
    if (runOf(m) !== runObject) run = await runFor(m);
    for (const f of resultFindings(m)) yield f;
  }
  checkLog(stream.skeleton());
}

export const sarifParser = defineParser({
  id: SCANNER,
  name: 'SARIF',
  formats:
    'SARIF 2.1.0 from any tool (CodeQL, Semgrep, Flawfinder, gitleaks, Grype, …): one finding per result location',
  detect(head) {
    if (/"\$schema"\s*:\s*"[^"]*sarif/i.test(head)) return 90;
    if (key('runs').test(head) && /"version"\s*:\s*"2\.1\.0"/.test(head)) return 85;
    if (key('runs').test(head) && key('tool').test(head) && key('driver').test(head)) return 70;
    return 0;
  },
  parse(input, options) {
    return findings(input, options);
  },
});
