import type { FindingDraft, Severity, SourceLocation } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseOptions } from '../scanner-parser.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, positiveInteger, positiveIntegerLike } from './support/field-readers.js';
import { htmlToText, linksInHtml } from './support/html-to-text.js';
import { parseWith } from './support/parse-with.js';
import { severityOf } from './support/severity-of.js';
import { sourceLines } from './support/source-location.js';

const SCANNER = 'sonarqube';
const TOOL = { id: SCANNER, name: 'SonarQube' } as const;

/**
 * SonarQube's words: the issue `severity` (BLOCKER > CRITICAL > MAJOR > MINOR > INFO, deprecated in
 * 10.2), the `impacts[].severity` of 10.2+ (HIGH/MEDIUM/LOW, and BLOCKER/INFO since 10.6) and a
 * hotspot's `vulnerabilityProbability` (HIGH/MEDIUM/LOW).
 */
const SONAR_SEVERITY: Readonly<Record<string, Severity>> = {
  BLOCKER: 'critical',
  CRITICAL: 'high',
  HIGH: 'high',
  MAJOR: 'medium',
  MEDIUM: 'medium',
  MINOR: 'low',
  LOW: 'low',
  INFO: 'info',
};
const RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

const textRangeSchema = z
  .object({
    startLine: z.number().int().nonnegative().optional(),
    endLine: z.number().int().nonnegative().optional(),
    startOffset: z.number().int().nonnegative().optional(),
    endOffset: z.number().int().nonnegative().optional(),
  })
  .loose();
const lineSchema = z.union([z.number(), z.string()]).nullish();

/** One entry of `api/issues/search` → `issues[]` (every version; `impacts` since 10.2). */
const webIssueSchema = z
  .object({
    key: z.string().min(1),
    rule: z.string().min(1),
    severity: z.string().optional(),
    impacts: z
      .array(z.object({ softwareQuality: z.string().optional(), severity: z.string() }).loose())
      .optional(),
    component: z.string().min(1),
    project: z.string().optional(),
    line: lineSchema,
    textRange: textRangeSchema.optional(),
    status: z.string().optional(),
    issueStatus: z.string().optional(),
    resolution: z.string().optional(),
    message: z.string().optional(),
    tags: z.array(z.string()).optional(),
    type: z.string().optional(),
    creationDate: z.string().optional(),
    cleanCodeAttribute: z.string().optional(),
  })
  .loose();

/** One entry of `api/hotspots/search` → `hotspots[]`. */
const hotspotSchema = z
  .object({
    key: z.string().min(1),
    ruleKey: z.string().min(1).optional(),
    securityCategory: z.string().optional(),
    vulnerabilityProbability: z.string(),
    component: z.string().min(1),
    project: z.string().optional(),
    line: lineSchema,
    textRange: textRangeSchema.optional(),
    status: z.string().optional(),
    resolution: z.string().optional(),
    message: z.string().optional(),
    creationDate: z.string().optional(),
  })
  .loose();

/** One entry of soprasteria sonar-report's `issues[]` (1.x–3.x JSON output). */
const reportIssueSchema = z
  .object({
    key: z.string().min(1),
    rule: z.string().min(1),
    severity: z.string(),
    component: z.string().min(1),
    line: lineSchema,
    status: z.string().optional(),
    description: z.string().nullish(),
    message: z.string().nullish(),
  })
  .loose();

/** The rules map of sonar-report (`rules: {<key>: {name, htmlDesc, severity}}`), read before `issues`. */
export type SonarRules = Record<string, { name?: unknown; htmlDesc?: unknown } | undefined>;

/**
 * `project:path/to/file` → `path/to/file`; a project-level issue keeps the project key. (`components[]`
 * is written after the issues, so it is not used: the file must not depend on where a chunk ends.)
 */
function fileOf(component: string, project: string | undefined): string {
  if (project && component.startsWith(`${project}:`) && component.length > project.length + 1)
    return component.slice(project.length + 1);
  return component;
}

function sourceOf(
  file: string,
  line: unknown,
  range: z.infer<typeof textRangeSchema> | undefined,
): SourceLocation {
  const startLine = positiveIntegerLike(line) ?? positiveInteger(range?.startLine);
  const endLine = positiveInteger(range?.endLine);
  const oneLine = startLine !== undefined && endLine === startLine;
  return {
    ...sourceLines(file, startLine, endLine),
    // textRange offsets are 0-based columns; ours are 1-based.
    column: range?.startOffset !== undefined ? range.startOffset + 1 : undefined,
    endColumn: oneLine && range?.endOffset ? range.endOffset : undefined,
  };
}

/**
 * What the OWASP dependency-check plugin writes in its issue message: `Filename: pkg:1.1.2 |
 * Reference: CVE-… | CVSS Score: 6.4 | Category: CWE-120 | …` or `Filename: x.jar | Highest CVSS
 * Score: 7.5 | … | References: CVE-… (7.5)`.
 */
function dependencyCheckOf(message: string) {
  const ids = [
    ...[...message.matchAll(/\bCVE-\d{4}-\d{4,7}\b/g)].map((m) => m[0]),
    ...[...message.matchAll(/\bGHSA-[2-9cfghjmpqrvwx]{4}-[2-9cfghjmpqrvwx]{4}-[2-9cfghjmpqrvwx]{4}\b/g)].map(
      (m) => m[0],
    ),
  ];
  const file = /^Filename: ([^|]+) \|/.exec(message)?.[1]?.trim();
  const colon = file?.lastIndexOf(':') ?? -1;
  return {
    ids: [...new Set(ids)],
    cwe: cweIds([...message.matchAll(/Category: (CWE-\d+)/g)].map((m) => m[1])),
    score: /(?:^|\| )(?:Highest )?CVSS Score: (\d+(?:\.\d+)?)/.exec(message)?.[1],
    name: file && colon > 0 ? file.slice(0, colon) : file,
    version: file && colon > 0 ? file.slice(colon + 1) : undefined,
  };
}

/** The severity of an issue: its `severity`, else the highest of its 10.2+ `impacts`. */
function issueSeverity(
  i: z.infer<typeof webIssueSchema>,
  at: string,
  options: ParseOptions | undefined,
): Severity {
  if (i.severity !== undefined) return severityOf(i.severity, options, `${at}.severity`, SONAR_SEVERITY);
  let best: Severity | undefined;
  for (const [n, impact] of (i.impacts ?? []).entries()) {
    const s = severityOf(impact.severity, options, `${at}.impacts[${n}].severity`, SONAR_SEVERITY);
    if (best === undefined || RANK[s] > RANK[best]) best = s;
  }
  return best ?? severityOf(undefined, options, `${at}.severity`);
}

const DEPENDENCY_RULE = /:UsingComponentWithKnownVulnerability$/;

/** An `api/issues/search` issue as a draft; dependency-check issues become package findings per CVE. */
export function webIssueDraft(raw: unknown, at: string, options: ParseOptions | undefined): FindingDraft {
  const i = parseWith(SCANNER, webIssueSchema, raw, at, 'a SonarQube issue {key, rule, component}');
  const message = i.message?.trim() ?? '';
  const file = fileOf(i.component, i.project);
  const dep = DEPENDENCY_RULE.test(i.rule) ? dependencyCheckOf(message) : undefined;
  return {
    tool: TOOL,
    // A known-vulnerability issue is about a package: its rule is the vulnerability (CVE/GHSA) it names.
    ruleId: dep?.ids[0] ?? i.rule,
    name: dep?.ids[0] && dep.name ? `${dep.ids[0]} in ${dep.name}` : message.split('\n')[0] || i.rule,
    description: message || undefined,
    severity: issueSeverity(i, at, options),
    category: dep ? 'Dependency' : 'SAST',
    location:
      dep?.name !== undefined
        ? { kind: 'package', name: dep.name, version: dep.version, path: file }
        : sourceOf(file, i.line, i.textRange),
    cwe: dep?.cwe ?? [],
    cve: dep?.ids ?? [],
    cvss: dep?.score ? cvssOf(undefined, dep.score) : undefined,
    identifiedAt: isoDate(i.creationDate),
    stableId: i.key,
    attributes: {
      rule: i.rule,
      ...(i.type ? { type: i.type } : {}),
      ...(i.status ? { status: i.status } : {}),
      ...(i.issueStatus ? { issueStatus: i.issueStatus } : {}),
      ...(i.resolution ? { resolution: i.resolution } : {}),
      ...(i.tags?.length ? { tags: i.tags } : {}),
      ...(i.impacts?.length ? { impacts: i.impacts } : {}),
      ...(i.cleanCodeAttribute ? { cleanCodeAttribute: i.cleanCodeAttribute } : {}),
      ...(i.project ? { project: i.project } : {}),
    },
  };
}

/** An `api/hotspots/search` hotspot as a draft: severity from its vulnerability probability. */
export function hotspotDraft(raw: unknown, at: string, options: ParseOptions | undefined): FindingDraft {
  const h = parseWith(
    SCANNER,
    hotspotSchema,
    raw,
    at,
    'a SonarQube hotspot {key, component, vulnerabilityProbability}',
  );
  const message = h.message?.trim() ?? '';
  const rule = h.ruleKey ?? `hotspot:${h.securityCategory ?? 'others'}`;
  return {
    tool: TOOL,
    ruleId: rule,
    name: message.split('\n')[0] || rule,
    description: message || undefined,
    severity: severityOf(
      h.vulnerabilityProbability,
      options,
      `${at}.vulnerabilityProbability`,
      SONAR_SEVERITY,
    ),
    category: 'SAST',
    location: sourceOf(fileOf(h.component, h.project), h.line, h.textRange),
    identifiedAt: isoDate(h.creationDate),
    stableId: h.key,
    attributes: {
      hotspot: true,
      ...(h.securityCategory ? { securityCategory: h.securityCategory } : {}),
      ...(h.status ? { status: h.status } : {}),
      ...(h.resolution ? { resolution: h.resolution } : {}),
      ...(h.project ? { project: h.project } : {}),
    },
  };
}

/** A sonar-report issue as a draft, with its rule's text (HTML → text) and the CWEs its links name. */
export function reportIssueDraft(
  raw: unknown,
  at: string,
  options: ParseOptions | undefined,
  rules: SonarRules,
): FindingDraft {
  const i = parseWith(
    SCANNER,
    reportIssueSchema,
    raw,
    at,
    'a sonar-report issue {key, rule, severity, component}',
  );
  const rule = rules[i.rule];
  const html = typeof rule?.htmlDesc === 'string' ? rule.htmlDesc : undefined;
  const links = html ? linksInHtml(html) : [];
  const ruleName = typeof rule?.name === 'string' ? rule.name : undefined;
  const message = i.message?.trim() || undefined;
  const text = html ? htmlToText(html).trim() : undefined;
  return {
    tool: TOOL,
    ruleId: i.rule,
    name: i.description?.trim() || ruleName || message || i.rule,
    description: [message, text].filter(Boolean).join('\n\n') || undefined,
    severity: severityOf(i.severity, options, `${at}.severity`, SONAR_SEVERITY),
    category: 'SAST',
    location: sourceOf(i.component, i.line, undefined),
    cwe: cweIds(links.filter((l) => /cwe\.mitre\.org/.test(l)).map((l) => /definitions\/(\d+)/.exec(l)?.[1])),
    references: links,
    stableId: i.key,
    attributes: { ...(i.status ? { status: i.status } : {}) },
  };
}
