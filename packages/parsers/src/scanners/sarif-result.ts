import {
  type Cvss,
  type Finding,
  type Location,
  normalizeSeverity,
  redactSecret,
  type SecretInfo,
  type Severity,
  severityFromCvssScore,
} from '@scanrelay/findings-schema';
import type { ParseOptions } from '../scanner-parser.js';
import { toolFingerprint } from './sarif-fingerprint.js';
import { artifactUri, ruleOf, type SarifRun } from './sarif-run.js';
import { cweIds } from './support/cwe-ids.js';
import { isoDate, nonBlankString } from './support/field-readers.js';
import { isRecord } from './support/parse-with.js';
import { redactLine } from './support/redact-line.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

type Rec = Record<string, unknown>;

const LEVELS: Readonly<Record<string, Severity>> = {
  ERROR: 'high',
  WARNING: 'medium',
  NOTE: 'low',
  NONE: 'info',
};
/** Result properties in which secret scanners put the secret itself. */
const SECRET_KEYS = ['offender', 'secret', 'Secret', 'match', 'Match', 'Raw', 'RawV2'];
const VULN_ID = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})\b/g;

function text(m: unknown): string | undefined {
  return isRecord(m) ? (nonBlankString(m.text) ?? nonBlankString(m.markdown)) : undefined;
}
const EMPTY: Rec = Object.freeze({}) as Rec;
function props(o: Rec | undefined): Rec {
  return isRecord(o?.properties) ? o.properties : EMPTY;
}

/** `message.text`, or the rule's `messageStrings[message.id]` with `{0}`… replaced by the arguments. */
function messageOf(result: Rec, rule: Rec | undefined): string | undefined {
  const m = isRecord(result.message) ? result.message : {};
  let t = text(m);
  if (t === undefined && typeof m.id === 'string' && isRecord(rule?.messageStrings))
    t = text(rule.messageStrings[m.id]);
  if (t === undefined) return undefined;
  // Without arguments or braces there is nothing to replace (most messages).
  if (!Array.isArray(m.arguments) || m.arguments.length === 0 || !t.includes('{')) return t;
  const args = m.arguments;
  return t.replace(/\{(\d+)\}/g, (all, i: string) =>
    args[Number(i)] !== undefined ? String(args[Number(i)]) : all,
  );
}

/** Where a result is, for errors and warnings: its JSON path, formatted only when read. */
export interface SarifWhere {
  readonly path: string;
}

/** The level words seen so far and their severities (a handful per report). */
const levelSeverities = new Map<unknown, Severity>();

/** `severityOf(level, …, LEVELS)`, remembering known words; the JSON path is formatted only to warn. */
function levelSeverity(level: unknown, options: ParseOptions | undefined, where: SarifWhere): Severity {
  const known = levelSeverities.get(level);
  if (known !== undefined) return known;
  const key = typeof level === 'string' ? level.trim().toUpperCase() : '';
  const mapped = LEVELS[key] ?? normalizeSeverity(level);
  if (mapped === undefined) return severityOf(level, options, `${where.path}.level`, LEVELS);
  if (typeof level === 'string' && levelSeverities.size < 1000) levelSeverities.set(level, mapped);
  return mapped;
}

/**
 * `security-severity` (a CVSS-like score, as GitHub reads it; a severity word is also accepted) of the
 * result or its rule, else the SARIF level: error→high, warning→medium, note→low, none→info, defaulting
 * to the rule's `defaultConfiguration.level`, else warning. A result whose `kind` is not `fail`
 * (review, open, informational) and has no level is `none` (SARIF 2.1.0 §3.27.10).
 */
function severityAndScore(
  result: Rec,
  rule: Rec | undefined,
  options: ParseOptions | undefined,
  where: SarifWhere,
): [Severity, Cvss | undefined] {
  const ss = props(result)['security-severity'] ?? props(rule)['security-severity'];
  if (ss !== undefined && ss !== null && ss !== '') {
    const score = Number(ss);
    if (Number.isFinite(score) && score >= 0 && score <= 10) return [severityFromCvssScore(score), { score }];
    return [severityOf(ss, options, `${where.path}.properties.security-severity`), undefined];
  }
  const kind = nonBlankString(result.kind) ?? 'fail';
  const config = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration : EMPTY;
  const level = result.level ?? (kind === 'fail' ? (config.level ?? 'warning') : 'none');
  return [levelSeverity(level, options, where), undefined];
}

function isCweComponent(ref: unknown): boolean {
  const component = isRecord(ref) && isRecord(ref.toolComponent) ? ref.toolComponent : undefined;
  return typeof component?.name === 'string' && component.name.trim().toUpperCase() === 'CWE';
}

/** CWE ids from tags (`external/cwe/cwe-79`, `CWE-79`), `cwe` properties, relationships and taxa. */
function cwesOf(result: Rec | undefined, rule: Rec | undefined): string[] {
  const found: unknown[] = [];
  for (const o of [rule, result]) {
    const p = props(o);
    if (Array.isArray(p.tags))
      for (const t of p.tags) if (typeof t === 'string' && /cwe/i.test(t)) found.push(t);
    found.push(p.cwe, p.CWE);
    for (const rel of [
      ...(Array.isArray(o?.relationships) ? o.relationships : []),
      ...(Array.isArray(o?.taxa) ? o.taxa : []),
    ]) {
      const target = isRecord(rel) && isRecord(rel.target) ? rel.target : rel;
      const id = isRecord(target) ? nonBlankString(target.id) : undefined;
      if (id && /^CWE-\d+$/i.test(id)) found.push(id);
      // A bare number in the CWE taxonomy (`{"id": "79", "toolComponent": {"name": "CWE"}}`).
      else if (id && /^\d{1,7}$/.test(id) && isCweComponent(target)) found.push(`CWE-${id}`);
    }
  }
  return cweIds(found);
}

const NO_SECRET: [undefined, undefined, Rec] = [undefined, undefined, EMPTY];

/** A secret the result carries in its properties: taken out, hashed, and masked wherever it appears. */
function secretOf(properties: Rec): [SecretInfo | undefined, string | undefined, Rec] {
  if (properties === EMPTY) return NO_SECRET;
  const kept: Rec = {};
  let value: string | undefined;
  for (const [k, v] of Object.entries(properties)) {
    if (SECRET_KEYS.includes(k)) value ??= typeof v === 'string' && v !== '' ? v : undefined;
    else if (v === null || typeof v !== 'object' || Array.isArray(v)) kept[k] = v;
  }
  return [value ? redactSecret(value) : undefined, value, kept];
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
}

function locationOf(loc: unknown, run: SarifRun, mask: Masker | undefined): Location | undefined {
  if (!isRecord(loc)) return undefined;
  const physical = isRecord(loc.physicalLocation) ? loc.physicalLocation : {};
  const logical =
    Array.isArray(loc.logicalLocations) && isRecord(loc.logicalLocations[0]) ? loc.logicalLocations[0] : {};
  const file =
    artifactUri(physical.artifactLocation, run) ??
    nonBlankString(logical.fullyQualifiedName) ??
    nonBlankString(logical.name);
  if (!file) return undefined;
  const region = isRecord(physical.region) ? physical.region : {};
  const snippet = text(region.snippet);
  return {
    kind: 'source',
    file,
    startLine: count(region.startLine),
    endLine: count(region.endLine),
    column: count(region.startColumn),
    endColumn: count(region.endColumn),
    snippet: snippet && mask ? mask.apply(snippet) : snippet,
  };
}

/** What a rule gives every result that points at it, worked out once per rule. */
interface RuleInfo {
  cwe: string[];
  text: string | undefined;
  name: string | undefined;
  help: string | undefined;
  references: string[];
  tags: unknown[] | undefined;
  vulnIds: string[];
  /** The rule's id, and the vulnerability ids in it (a result's ruleId is most often the rule's id). */
  id: string | undefined;
  idVulnIds: string[];
}
const ruleInfos = new WeakMap<Rec, RuleInfo>();
const NO_RULE: RuleInfo = {
  cwe: [],
  text: undefined,
  name: undefined,
  help: undefined,
  references: [],
  tags: undefined,
  vulnIds: [],
  id: undefined,
  idVulnIds: [],
};

function ruleInfoOf(rule: Rec | undefined): RuleInfo {
  if (rule === undefined) return NO_RULE;
  let info = ruleInfos.get(rule);
  if (info === undefined) {
    const tags = props(rule).tags;
    info = {
      cwe: cwesOf(undefined, rule),
      text: text(rule.fullDescription) ?? text(rule.shortDescription),
      name: nonBlankString(rule.name),
      help: text(rule.help),
      references: nonBlankString(rule.helpUri) ? [rule.helpUri as string] : [],
      tags: Array.isArray(tags) ? tags : undefined,
      vulnIds: nonBlankString(rule.name)?.match(VULN_ID) ?? [],
      id: nonBlankString(rule.id),
      idVulnIds: nonBlankString(rule.id)?.match(VULN_ID) ?? [],
    };
    ruleInfos.set(rule, info);
  }
  return info;
}

/** True when the result carries CWE information of its own (tags, cwe property, taxa). */
function hasOwnCwe(result: Rec): boolean {
  const p = result.properties;
  return (
    Array.isArray(result.taxa) ||
    (isRecord(p) && (p.tags !== undefined || p.cwe !== undefined || p.CWE !== undefined))
  );
}

function fixesOf(result: Rec): string | undefined {
  if (!Array.isArray(result.fixes)) return undefined;
  const out: string[] = [];
  for (const f of result.fixes) {
    const t = isRecord(f) ? text(f.description) : undefined;
    if (t) out.push(t);
  }
  return out.length > 0 ? out.join('\n') : undefined;
}

function suppressionAttributes(result: Rec, attributes: Rec): void {
  if (!Array.isArray(result.suppressions) || result.suppressions.length === 0) return;
  let suppressed = false;
  const list: Rec[] = [];
  for (const s of result.suppressions) {
    if (!isRecord(s)) continue;
    if (s.status === undefined || s.status === 'accepted') suppressed = true;
    list.push(s.status ? { kind: s.kind, status: s.status } : { kind: s.kind });
  }
  attributes.suppressed = suppressed;
  attributes.suppressions = list;
}

/** The text up to the first line break. */
function firstLine(s: string): string {
  const nl = s.indexOf('\n');
  return nl < 0 ? s : s.slice(0, nl);
}

const NO_LOCATION = [undefined];

/**
 * One finding per location of a SARIF result (one without location when it has none). `where` is the
 * result's place in the log, for errors and warnings (its path may be formatted lazily).
 */
export function sarifFindings(
  result: Rec,
  run: SarifRun,
  where: SarifWhere,
  options: ParseOptions | undefined,
): Finding[] {
  const kind = nonBlankString(result.kind) ?? 'fail';
  if (kind === 'pass' || kind === 'notApplicable') return [];
  const rule = ruleOf(result, run);
  const info = ruleInfoOf(rule);
  const [secret, secretValue, properties] = secretOf(props(result));
  const maskSecrets = secret !== undefined || run.isSecretScanner;
  const mask = maskSecrets ? new Masker(secretValue, secret?.redacted ?? '****') : undefined;
  let message = messageOf(result, rule);
  if (message && mask) message = mask.apply(message);
  const ruleId =
    nonBlankString(result.ruleId) ??
    (isRecord(result.rule) ? nonBlankString(result.rule.id) : undefined) ??
    nonBlankString(rule?.id) ??
    (message === undefined ? undefined : firstLine(message).slice(0, 200)) ??
    'unknown';
  const [severity, cvss] = severityAndScore(result, rule, options, where);
  const cwe = hasOwnCwe(result) ? cwesOf(result, rule) : info.cwe;
  const stableId = toolFingerprint(result);
  const vulnIds: string[] = [];
  const idVulnIds = ruleId === info.id ? info.idVulnIds : (ruleId.match(VULN_ID) ?? []);
  for (const id of idVulnIds) if (!vulnIds.includes(id)) vulnIds.push(id);
  for (const id of info.vulnIds) if (!vulnIds.includes(id)) vulnIds.push(id);
  const firstDetected = isRecord(result.provenance)
    ? isoDate(result.provenance.firstDetectionTimeUtc)
    : undefined;
  const attributes: Rec = { kind };
  if (nonBlankString(result.level)) attributes.level = result.level;
  if (info.name && info.name !== ruleId) attributes.ruleName = info.name;
  suppressionAttributes(result, attributes);
  if (nonBlankString(result.baselineState)) attributes.baselineState = result.baselineState;
  const tags = Array.isArray(properties.tags) ? properties.tags : info.tags;
  if (tags) attributes.tags = tags;
  if (firstDetected) attributes.firstDetected = firstDetected;
  for (const _ in properties) {
    attributes.properties = properties;
    break;
  }
  if (run.automationId) attributes.automationId = run.automationId;
  attributes.runIndex = run.index;
  const name = (
    (message === undefined ? undefined : firstLine(message)) ??
    text(rule?.shortDescription) ??
    info.name ??
    ruleId
  ).slice(0, 300);
  const description =
    message && info.text && info.text !== message ? `${message}\n\n${info.text}` : (message ?? info.text);
  const locations =
    Array.isArray(result.locations) && result.locations.length > 0 ? result.locations : NO_LOCATION;
  const category = maskSecrets ? 'Secrets' : vulnIds.length > 0 ? 'SCA' : 'SAST';
  const mitigation = fixesOf(result) ?? info.help;
  const out: Finding[] = [];
  for (let i = 0; i < locations.length; i++) {
    out.push(
      toFinding('sarif', where, {
        tool: run.tool,
        ruleId,
        name,
        description,
        severity,
        category,
        location: locationOf(locations[i], run, mask),
        cwe: maskSecrets && cwe.length === 0 ? ['CWE-798'] : cwe,
        cve: vulnIds,
        cvss,
        references: info.references,
        mitigation,
        identifiedAt: run.date ?? firstDetected,
        stableId: stableId && i > 0 ? `${stableId}|location:${i}` : stableId,
        secret,
        attributes: i === 0 ? attributes : { ...attributes, locationIndex: i },
      }),
    );
  }
  return out;
}

/** Masks a secret (and any other token-like run of characters) in snippets and messages. */
class Masker {
  constructor(
    readonly value: string | undefined,
    readonly redacted: string,
  ) {}
  apply(s: string): string {
    return redactLine(s, this.value, this.redacted);
  }
}
