import type { Finding } from './finding.js';
import { type SarifLocationOptions, toSarifLocation } from './sarif-location.js';
import type { SarifLevel, SarifLog, SarifResult, SarifRule, SarifRun } from './sarif-types.js';
import { type Severity, severityRank } from './severity.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub code scanning's hard limits (docs: "SARIF results exceed limit"). */
export const GITHUB_SARIF_LIMITS = { runsPerFile: 20, resultsPerRun: 25_000, tagsPerRule: 20 } as const;

/** `properties.security-severity` per severity; GitHub reads > 9.0 critical, ≥ 7.0 high, ≥ 4.0 medium, > 0 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, number>> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  info: 0.0,
};

export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

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
 * per finding with its level, location and `partialFingerprints['scanrelay/v1']` (our fingerprint).
 */
export function toSarif(findings: Iterable<Finding>, opts: ToSarifOptions = {}): SarifLog {
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
  findings: Finding[];
}

function groupByTool(findings: Iterable<Finding>, maxRuns: number, warn?: (m: string) => void): ToolGroup[] {
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
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  for (const f of findings) {
    const id = g.merged ? `${f.tool.id}/${f.ruleId}` : f.ruleId;
    let index = ruleIndex.get(id);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(id, index);
      rules.push(toRule(id, f));
    } else {
      raiseRuleSeverity(rules[index]!, f);
    }
    results.push(toResult(f, id, index, opts));
  }
  const run: SarifRun = {
    tool: { driver: { name: g.name, ...(g.version ? { version: g.version } : {}), rules } },
    results,
  };
  if (opts.category) run.automationDetails = { id: `${opts.category}/${g.id}/` };
  if (findings.length < g.findings.length)
    run.properties = { 'scanrelay/droppedResults': g.findings.length - findings.length };
  return run;
}

/** The security severity of one finding: its CVSS score when it lies in the severity's band, else the table value. */
function securitySeverity(f: Finding): number {
  const score = f.cvss?.score;
  const band: Record<Severity, [number, number]> = {
    critical: [9, 10],
    high: [7, 8.9],
    medium: [4, 6.9],
    low: [0.1, 3.9],
    info: [0, 0],
  };
  const [lo, hi] = band[f.severity];
  return score !== undefined && score >= lo && score <= hi ? score : SECURITY_SEVERITY[f.severity];
}

function toRule(id: string, f: Finding): SarifRule {
  const cweTags = f.cwe.map((c) => `external/cwe/${c.toLowerCase()}`);
  const tags = [...new Set(['security', ...cweTags, f.category.toLowerCase()])].slice(0, 10);
  const helpText = [f.mitigation, f.description, ...f.references].filter(Boolean).join('\n\n') || f.name;
  const helpUri = f.references.find((r) => /^https?:\/\//i.test(r));
  return {
    id,
    name: ruleName(f.ruleId),
    shortDescription: { text: truncate(f.name, 1024) },
    ...(f.description ? { fullDescription: { text: truncate(f.description, 1024) } } : {}),
    help: { text: truncate(helpText, 16_384) },
    ...(helpUri ? { helpUri } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
    properties: {
      tags,
      'security-severity': securitySeverity(f).toFixed(1),
      ...(f.confidence ? { precision: f.confidence } : {}),
    },
  };
}

/** A rule shared by findings of different severities takes the highest. */
function raiseRuleSeverity(rule: SarifRule, f: Finding): void {
  const s = securitySeverity(f);
  if (s > Number(rule.properties['security-severity'])) {
    rule.properties['security-severity'] = s.toFixed(1);
    rule.defaultConfiguration.level = SARIF_LEVEL[f.severity];
  }
}

function toResult(f: Finding, ruleId: string, ruleIndex: number, opts: ToSarifOptions): SarifResult {
  const location = toSarifLocation(f, opts);
  const where = location.message?.text;
  return {
    ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: {
      text: truncate(where && f.location?.kind !== 'source' ? `${f.name} (${where})` : f.name, 4096),
    },
    locations: [location],
    partialFingerprints: { 'scanrelay/v1': f.fingerprint },
    properties: {
      severity: f.severity,
      category: f.category,
      ...(f.cve.length > 0 ? { cve: f.cve } : {}),
      ...(f.cwe.length > 0 ? { cwe: f.cwe } : {}),
      ...(f.occurrences > 1 ? { occurrences: f.occurrences } : {}),
      'scanrelay/findingId': f.id,
    },
  };
}

/** `js.child-process` -> `JsChildProcess`; GitHub shows the rule name in alert details. */
function ruleName(ruleId: string): string {
  const words = ruleId.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
  return name || 'Rule';
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
