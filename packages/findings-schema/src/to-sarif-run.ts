import type { Finding } from './finding.js';
import { type SarifLocationOptions, toSarifLocation } from './sarif-location.js';
import type { SarifLevel, SarifResult, SarifRule, SarifRun, SarifSuppression } from './sarif-types.js';
import type { Severity } from './severity.js';
import { type TriageDecision, type TriagedFinding, triageJustification } from './triage-decision.js';

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

/** The tool a run is written for; `merged`: several tools in one run, rule ids prefixed with the tool id. */
export interface SarifRunTool {
  id: string;
  name: string;
  version?: string;
  merged: boolean;
}

/**
 * One SARIF run built a result at a time: `add` turns a finding into its result and keeps the rule
 * table (one rule per rule id, in order of first appearance, so `ruleIndex` is known at once; a rule
 * shared by findings of several severities takes the highest). `head` gives the run without its
 * results, to be written once the last result is out. Used by `toSarif` and `toSarifStream` alike.
 */
export class SarifRunBuilder {
  private readonly rules: SarifRule[] = [];
  private readonly ruleIndex = new Map<string, number>();

  constructor(
    readonly tool: SarifRunTool,
    private readonly opts: SarifLocationOptions & { category?: string },
  ) {}

  add(f: TriagedFinding): SarifResult {
    const id = this.tool.merged ? `${f.tool.id}/${f.ruleId}` : f.ruleId;
    let index = this.ruleIndex.get(id);
    if (index === undefined) {
      index = this.rules.length;
      this.ruleIndex.set(id, index);
      this.rules.push(toRule(id, f));
    } else {
      raiseRuleSeverity(this.rules[index]!, f);
    }
    return toResult(f, id, index, this.opts);
  }

  /** The run's tool (with every rule seen), automation details and properties: everything but `results`. */
  head(droppedResults = 0): Omit<SarifRun, 'results'> {
    const { name, version, id } = this.tool;
    const run: Omit<SarifRun, 'results'> = {
      tool: { driver: { name, ...(version ? { version } : {}), rules: this.rules } },
    };
    if (this.opts.category) run.automationDetails = { id: `${this.opts.category}/${id}/` };
    if (droppedResults > 0) run.properties = { 'scanrelay/droppedResults': droppedResults };
    return run;
  }
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

function toResult(
  f: TriagedFinding,
  ruleId: string,
  ruleIndex: number,
  opts: SarifLocationOptions,
): SarifResult {
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
    ...(f.triage ? { suppressions: [toSuppression(f.triage)] } : {}),
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

/**
 * A triage decision as SARIF's suppression: made outside the code (`external`) and `accepted`, for a
 * false positive and an accepted risk alike; which one, and the expiry, under `properties`.
 */
function toSuppression(t: TriageDecision): SarifSuppression {
  return {
    kind: 'external',
    status: 'accepted',
    justification: truncate(triageJustification(t), 4096),
    properties: {
      'scanrelay/status': t.status,
      ...(t.acceptedUntil ? { 'scanrelay/acceptedUntil': t.acceptedUntil } : {}),
      ...(t.at ? { 'scanrelay/triagedAt': t.at } : {}),
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
