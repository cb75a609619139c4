import type { SarifLocationOptions } from './sarif-location.js';
import type { SarifLog, SarifRun } from './sarif-types.js';
import { severityRank } from './severity.js';
import { GITHUB_SARIF_LIMITS, SARIF_SCHEMA_URI, SarifRunBuilder } from './to-sarif-run.js';
import type { TriagedFinding } from './triage-decision.js';

export { GITHUB_SARIF_LIMITS, SARIF_LEVEL, SARIF_SCHEMA_URI, SECURITY_SEVERITY } from './to-sarif-run.js';
export { type ToSarifStreamOptions, toSarifStream } from './to-sarif-stream.js';

export interface ToSarifOptions extends SarifLocationOptions {
  /** Sets `automationDetails.id` to `<category>/<tool id>/` on every run (GitHub's analysis category). */
  category?: string;
  /** At most this many results per run (default and maximum 25,000); the most severe are kept. */
  maxResultsPerRun?: number;
  /** At most this many runs (default and maximum 20); the smallest runs are merged into one. */
  maxRuns?: number;
  /** Told when results are dropped or runs merged to stay within the limits. */
  onWarning?: (message: string) => void;
}

/**
 * Converts canonical findings into a SARIF 2.1.0 log that GitHub code scanning accepts: one run per
 * tool, one rule per rule id (`security-severity`, CWE and `security` tags, help text), one result
 * per finding with its level, location and `partialFingerprints['scanrelay/v1']` (our fingerprint);
 * a triaged finding's result carries an `external`, `accepted` suppression with the reason.
 */
export function toSarif(findings: Iterable<TriagedFinding>, opts: ToSarifOptions = {}): SarifLog {
  const maxResults = Math.min(
    opts.maxResultsPerRun ?? GITHUB_SARIF_LIMITS.resultsPerRun,
    GITHUB_SARIF_LIMITS.resultsPerRun,
  );
  const maxRuns = Math.max(
    1,
    Math.min(opts.maxRuns ?? GITHUB_SARIF_LIMITS.runsPerFile, GITHUB_SARIF_LIMITS.runsPerFile),
  );
  const groups = groupByTool(findings, maxRuns, opts.onWarning);
  const runs = groups.map((g) => toRun(g, maxResults, opts));
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

interface ToolGroup {
  id: string;
  name: string;
  version?: string;
  /** Several tools merged into one run: rule ids are prefixed with the tool id. */
  merged: boolean;
  findings: TriagedFinding[];
}

function groupByTool(
  findings: Iterable<TriagedFinding>,
  maxRuns: number,
  warn?: (m: string) => void,
): ToolGroup[] {
  const byTool = new Map<string, ToolGroup>();
  for (const f of findings) {
    const key = `${f.tool.id}\u0000${f.tool.name}`;
    let g = byTool.get(key);
    if (!g) {
      g = { id: f.tool.id, name: f.tool.name, version: f.tool.version, merged: false, findings: [] };
      byTool.set(key, g);
    }
    g.findings.push(f);
  }
  const groups = [...byTool.values()];
  if (groups.length <= maxRuns) return groups;
  groups.sort((a, b) => b.findings.length - a.findings.length);
  const kept = groups.slice(0, maxRuns - 1);
  const rest = groups.slice(maxRuns - 1);
  warn?.(
    `@scanrelay/findings-schema: ${groups.length} tools exceed ${maxRuns} SARIF runs; merged ${rest.length} into one run`,
  );
  kept.push({ id: 'scanrelay', name: 'scanrelay', merged: true, findings: rest.flatMap((g) => g.findings) });
  return kept;
}

function toRun(g: ToolGroup, maxResults: number, opts: ToSarifOptions): SarifRun {
  let findings = g.findings;
  if (findings.length > maxResults) {
    opts.onWarning?.(
      `@scanrelay/findings-schema: ${g.name}: ${findings.length} results exceed ${maxResults} per run; kept the ${maxResults} most severe`,
    );
    findings = [...findings]
      .sort((a, b) => severityRank[b.severity] - severityRank[a.severity])
      .slice(0, maxResults);
  }
  const builder = new SarifRunBuilder(g, opts);
  const results = findings.map((f) => builder.add(f));
  const { tool, ...rest } = builder.head(g.findings.length - findings.length);
  return { tool, results, ...rest };
}
