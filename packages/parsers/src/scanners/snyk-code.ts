import type { FindingDraft, Severity } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { isRecord, parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';

/** Snyk Code writes its High/Medium/Low as SARIF error/warning/note. */
const LEVELS: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  NOTE: 'low',
  NONE: 'info',
};

const ruleSchema = z
  .object({
    id: z.string(),
    name: z.string().nullish(),
    shortDescription: z.object({ text: z.string() }).nullish(),
    defaultConfiguration: z.object({ level: z.string() }).nullish(),
    properties: z.object({ cwe: z.unknown().optional(), precision: z.string().nullish() }).loose().nullish(),
  })
  .loose();
const resultSchema = z.object({
  ruleId: z.string().min(1),
  level: z.string().nullish(),
  message: z.object({ text: z.string().nullish() }).loose().nullish(),
  locations: z
    .array(
      z.object({
        physicalLocation: z.object({
          artifactLocation: z.object({ uri: z.string().min(1) }).loose(),
          region: z
            .object({
              startLine: z.number().int().nonnegative().nullish(),
              endLine: z.number().int().nonnegative().nullish(),
              startColumn: z.number().int().nonnegative().nullish(),
              endColumn: z.number().int().nonnegative().nullish(),
            })
            .nullish(),
        }),
      }),
    )
    .min(1),
  fingerprints: z.record(z.string(), z.string()).nullish(),
  properties: z
    .object({ priorityScore: z.number().nullish(), isAutofixable: z.boolean().nullish() })
    .loose()
    .nullish(),
});

export type SnykCodeRule = z.infer<typeof ruleSchema>;

/** True when a SARIF driver object is Snyk Code's. */
export function isSnykCodeDriver(driver: unknown): boolean {
  return isRecord(driver) && driver.name === 'SnykCode';
}

/** Validates one rule of `runs[].tool.driver.rules[]`. */
export function snykCodeRule(raw: unknown, at: string): SnykCodeRule {
  return parseWith('snyk', ruleSchema, raw, at, 'a SARIF rule {id}');
}

/**
 * One Snyk Code SARIF result as a draft, read here rather than through the generic SARIF parser so
 * that `--scanner-type snyk` takes every Snyk output (and the registry has no import cycle).
 * `stableId` is Snyk's fingerprints ("0" and "1"), so a line shift keeps the finding's identity.
 */
export function snykCodeResultToDraft(
  raw: unknown,
  rules: ReadonlyMap<string, SnykCodeRule>,
  version: string | undefined,
  options: ParseOptions | undefined,
  at: string,
): FindingDraft {
  const res = parseWith('snyk', resultSchema, raw, at, 'a SARIF result {ruleId, locations[]}');
  const rule = rules.get(res.ruleId);
  const loc = res.locations[0]!.physicalLocation;
  const level = res.level ?? rule?.defaultConfiguration?.level ?? 'warning';
  // "0" alone can be shared by two issues on one line (two hardcoded passwords): "1" tells them apart.
  const stable = Object.keys(res.fingerprints ?? {})
    .sort()
    .map((k) => res.fingerprints?.[k])
    .join('/');
  return {
    tool: { id: 'snyk', name: 'Snyk Code', ...(version ? { version } : {}) },
    ruleId: res.ruleId,
    name: rule?.shortDescription?.text || rule?.name || res.ruleId,
    description: res.message?.text ?? undefined,
    severity: severityOf(level, options, `${at}.level`, LEVELS),
    category: 'SAST',
    location: {
      kind: 'source',
      file: loc.artifactLocation.uri,
      startLine: loc.region?.startLine ?? undefined,
      endLine: loc.region?.endLine ?? undefined,
      column: loc.region?.startColumn ?? undefined,
      endColumn: loc.region?.endColumn ?? undefined,
    },
    cwe: cweIds(rule?.properties?.cwe),
    stableId: stable || undefined,
    attributes: {
      ...(res.properties?.priorityScore != null ? { priorityScore: res.properties.priorityScore } : {}),
      ...(res.properties?.isAutofixable != null ? { autofixable: res.properties.isAutofixable } : {}),
      ...(rule?.properties?.precision ? { precision: rule.properties.precision } : {}),
    },
  };
}
