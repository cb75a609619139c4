import type { Tool } from '@scanrelay/findings-schema';
import { isoDate, nonBlankString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';

type Rec = Record<string, unknown>;

/** What every result of one SARIF run shares: the tool, its rules, artifacts and a date. */
export interface SarifRun {
  index: number;
  tool: Tool;
  /** `tool.driver.rules`, then each `tool.extensions[i].rules`. */
  driverRules: unknown[];
  extensionRules: unknown[][];
  rulesById: Map<string, Rec>;
  artifacts: unknown[];
  /** The invocation's end (or start) time, when the run gives one. */
  date: string | undefined;
  automationId: string | undefined;
  /** Secret scanners (gitleaks, trufflehog, …) put the secret in snippets and properties: redact them. */
  isSecretScanner: boolean;
}

const SECRET_TOOLS = /gitleaks|trufflehog|secret|ggshield|kingfisher|noseyparker|talisman/i;

function rulesOf(component: unknown): unknown[] {
  return isRecord(component) && Array.isArray(component.rules) ? component.rules : [];
}

/** Builds the run context from a run object (its members other than `results`). */
export function sarifRun(run: Rec, index: number): SarifRun {
  const tool = isRecord(run.tool) ? run.tool : {};
  const driver = isRecord(tool.driver) ? tool.driver : {};
  const driverRules = rulesOf(driver);
  const extensionRules = Array.isArray(tool.extensions) ? tool.extensions.map(rulesOf) : [];
  const rulesById = new Map<string, Rec>();
  for (const rules of [...extensionRules, driverRules]) {
    for (const r of rules) if (isRecord(r) && typeof r.id === 'string') rulesById.set(r.id, r);
  }
  const name = nonBlankString(driver.name) ?? nonBlankString(driver.fullName) ?? 'SARIF';
  const version = nonBlankString(driver.semanticVersion) ?? nonBlankString(driver.version);
  const invocation = Array.isArray(run.invocations) && isRecord(run.invocations[0]) ? run.invocations[0] : {};
  const automation = isRecord(run.automationDetails)
    ? run.automationDetails
    : isRecord(run.automationId)
      ? run.automationId
      : {};
  return {
    index,
    tool: version ? { id: 'sarif', name, version } : { id: 'sarif', name },
    driverRules,
    extensionRules,
    rulesById,
    artifacts: Array.isArray(run.artifacts) ? run.artifacts : [],
    date: isoDate(invocation.endTimeUtc) ?? isoDate(invocation.startTimeUtc),
    automationId: nonBlankString(automation.id),
    isSecretScanner: SECRET_TOOLS.test(name),
  };
}

/**
 * The rule of a result: `rule.toolComponent.index` + `rule.index` (an extension's rule), else
 * `ruleIndex`/`rule.index` into the driver's rules, else by id (a hierarchical `a/b` id falls back to `a`).
 */
export function ruleOf(result: Rec, run: SarifRun): Rec | undefined {
  const ref = isRecord(result.rule) ? result.rule : undefined;
  const index =
    typeof result.ruleIndex === 'number'
      ? result.ruleIndex
      : typeof ref?.index === 'number'
        ? ref.index
        : undefined;
  const component =
    isRecord(ref?.toolComponent) && typeof ref.toolComponent.index === 'number'
      ? ref.toolComponent.index
      : undefined;
  if (index !== undefined && index >= 0) {
    const rules = component !== undefined ? run.extensionRules[component] : run.driverRules;
    const rule = rules?.[index];
    if (isRecord(rule)) return rule;
  }
  const id = nonBlankString(result.ruleId) ?? nonBlankString(ref?.id);
  if (id === undefined) return undefined;
  return run.rulesById.get(id) ?? (id.includes('/') ? run.rulesById.get(id.split('/')[0]!) : undefined);
}

/** The artifact URI of a location, resolving `artifactLocation.index` into `run.artifacts`. */
export function artifactUri(artifactLocation: unknown, run: SarifRun): string | undefined {
  if (!isRecord(artifactLocation)) return undefined;
  const uri = nonBlankString(artifactLocation.uri);
  if (uri !== undefined) return uri;
  const index = artifactLocation.index;
  const artifact = typeof index === 'number' ? run.artifacts[index] : undefined;
  return isRecord(artifact) && isRecord(artifact.location)
    ? nonBlankString(artifact.location.uri)
    : undefined;
}
