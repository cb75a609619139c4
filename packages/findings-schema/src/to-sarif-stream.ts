import type { SarifLocationOptions } from './sarif-location.js';
import { GITHUB_SARIF_LIMITS, SARIF_SCHEMA_URI, SarifRunBuilder } from './to-sarif-run.js';
import type { TriagedFinding } from './triage-decision.js';

export interface ToSarifStreamOptions extends SarifLocationOptions {
  /** Sets `automationDetails.id` to `<category>/<tool id>/` on every run (GitHub's analysis category). */
  category?: string;
  /** At most this many runs (default and maximum 20); the last one takes every tool that does not fit. */
  maxRuns?: number;
  /** Told when runs are merged, and when a run grows past what GitHub code scanning accepts. */
  onWarning?: (message: string) => void;
  /** The size, in UTF-16 units, from which text is handed out; default 64 Ki. */
  chunkSize?: number;
}

const MERGED_TOOL = { id: 'scanrelay', name: 'scanrelay', merged: true } as const;

interface OpenRun {
  key: string;
  builder: SarifRunBuilder;
  results: number;
}

/**
 * `toSarif` as a stream of JSON text: each result is written as its finding arrives, inside its run,
 * and the run's `tool` (with the rules collected from its results, `ruleIndex` consistent) follows
 * the results — SARIF objects have no key order. Memory holds the rule table, not the results.
 *
 * What a stream cannot do as the whole-array `toSarif` does: a tool gets its own run while its
 * findings come in one stretch (every parser: one tool per report, or one run after another); a tool
 * seen again after another one, and the tools past `maxRuns - 1`, go to one last run named
 * `scanrelay` (rule ids prefixed with the tool id) that takes every finding from there on. No result
 * is dropped: past GitHub's 25,000 results per run a warning says so (`toSarif` keeps the 25,000 most
 * severe, which needs them all in memory). Otherwise the parsed text equals `toSarif(findings)`.
 * The generator returns the number of results.
 */
export async function* toSarifStream(
  findings: AsyncIterable<TriagedFinding> | Iterable<TriagedFinding>,
  opts: ToSarifStreamOptions = {},
): AsyncGenerator<string, number, undefined> {
  const maxRuns = Math.max(
    1,
    Math.min(opts.maxRuns ?? GITHUB_SARIF_LIMITS.runsPerFile, GITHUB_SARIF_LIMITS.runsPerFile),
  );
  const chunkSize = opts.chunkSize ?? 64 * 1024;
  const seen = new Set<string>();
  let out = `{"version":"2.1.0","$schema":${JSON.stringify(SARIF_SCHEMA_URI)},"runs":[`;
  let run: OpenRun | undefined;
  let runs = 0;
  let count = 0;

  const open = (f: TriagedFinding, key: string): OpenRun => {
    if (run) out += closeRun(run);
    const fits = !seen.has(key) && runs < maxRuns - 1;
    if (!fits) {
      opts.onWarning?.(
        `@scanrelay/findings-schema: ${f.tool.name} ${seen.has(key) ? 'came again after another tool' : `is tool ${runs + 1} of at most ${maxRuns} SARIF runs`}; it and every later finding are written in one merged run`,
      );
    }
    seen.add(key);
    const tool = fits
      ? { id: f.tool.id, name: f.tool.name, version: f.tool.version, merged: false }
      : MERGED_TOOL;
    out += `${runs === 0 ? '' : ','}\n{"results":[`;
    runs += 1;
    return { key, builder: new SarifRunBuilder(tool, opts), results: 0 };
  };

  for await (const f of findings) {
    const key = `${f.tool.id}\u0000${f.tool.name}`;
    if (!run || (run.key !== key && !run.builder.tool.merged)) run = open(f, key);
    out += `${run.results === 0 ? '\n' : ',\n'}${JSON.stringify(run.builder.add(f))}`;
    run.results += 1;
    count += 1;
    if (run.results === GITHUB_SARIF_LIMITS.resultsPerRun + 1) {
      opts.onWarning?.(
        `@scanrelay/findings-schema: ${run.builder.tool.name}: more than ${GITHUB_SARIF_LIMITS.resultsPerRun} results in one SARIF run, which GitHub code scanning refuses; every result is kept`,
      );
    }
    if (out.length >= chunkSize) {
      yield out;
      out = '';
    }
  }
  if (run) out += closeRun(run);
  yield `${out}${runs === 0 ? '' : '\n'}]}\n`;
  return count;
}

/** Ends the results array and writes the rest of the run: `],"tool":{…},…}`. */
function closeRun(run: OpenRun): string {
  return `${run.results === 0 ? '' : '\n'}],${JSON.stringify(run.builder.head()).slice(1)}`;
}
