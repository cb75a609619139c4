import type { Finding, FindingDraft, SecretInfo } from './finding.js';
import { newFindingId } from './finding-id.js';
import { fingerprint } from './fingerprint.js';
import {
  isDatetime,
  isLocationValid,
  isOccurrences,
  isSeverity,
  isSha256Hex,
  LOCATION_KEYS,
  nonEmpty,
  optScore,
  optString,
} from './parse-draft-fast.js';

type Rec = Record<string, unknown>;

/** A finding's keys in schema order; `id` and `fingerprint` (placeholders a caller may give) come last. */
const KEYS = [
  'tool',
  'ruleId',
  'name',
  'description',
  'severity',
  'category',
  'confidence',
  'location',
  'cwe',
  'cve',
  'cvss',
  'references',
  'mitigation',
  'identifiedAt',
  'occurrences',
  'stableId',
  'secret',
  'attributes',
  'id',
  'fingerprint',
] as const;
/** Bit per key of KEYS that zod's output always has (required keys, and those with a default). */
const ALWAYS =
  (1 << 0) |
  (1 << 1) |
  (1 << 2) |
  (1 << 4) |
  (1 << 5) |
  (1 << 8) |
  (1 << 9) |
  (1 << 11) |
  (1 << 14) |
  (1 << 17);
const TOOL_KEYS = ['id', 'name', 'version'];
const CVSS_KEYS = ['version', 'vector', 'score'];
const SECRET_KEYS = ['redacted', 'sha256'];
const CWE = /^CWE-\d+$/;

/** A plain object as an object literal (or zod) makes it: null-prototype objects are copied by zod, so not adopted. */
function isLiteral(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

/** Whether `o`'s own keys are, in order, a subsequence of `keys` that starts with `first` of them all. */
function inOrder(o: Rec, keys: readonly string[], first: number): boolean {
  let next = 0;
  let seen = 0;
  for (const k in o) {
    let i = next;
    while (i < keys.length && keys[i] !== k) i++;
    if (i === keys.length) return false;
    if (i < first) seen++;
    next = i + 1;
  }
  return seen === first;
}

/** A plain array of non-empty strings (CWE ids when `cwe`). */
function isTextList(v: unknown, cwe: boolean): boolean {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'string' || x.length === 0 || (cwe && !CWE.test(x))) return false;
  }
  return true;
}

/** Whether the top-level keys are those of zod's output, in its order (defaults present, nothing unknown). */
function hasOutputKeys(d: Rec): boolean {
  // A scan along KEYS (the key strings are internalized: each comparison is a pointer comparison).
  let i = 0;
  let present = 0;
  for (const k in d) {
    while (i < KEYS.length && KEYS[i] !== k) i++;
    if (i === KEYS.length) return false;
    present |= 1 << i++;
  }
  const idBits = (1 << 18) | (1 << 19);
  const ids = present & idBits;
  return (present & ALWAYS) === ALWAYS && (ids === 0 || ids === idBits);
}

/**
 * `createFinding` without the copy, for a draft a parser builds already in the shape
 * `findingDraftSchema.parse` returns: a plain object literal whose keys are the schema's in its order,
 * defaults present (`cwe`, `cve`, `references`, `occurrences`, `attributes`), nested objects plain with
 * their keys in schema order and no unknown key anywhere; `id` and `fingerprint` may follow as
 * placeholders. Its values are checked as zod would; the draft itself becomes the finding (id and
 * fingerprint set). Returns undefined, changing nothing, for any other draft: the caller then uses
 * `createFinding`, which copies it (and gives zod's error for an invalid one). So a parser's hot path
 * builds each finding once, and the result equals `createFinding`'s, key order included, but for the id.
 */
export function adoptDraft(draft: FindingDraft): Finding | undefined {
  const d = draft as Rec;
  if (!isLiteral(d) || !hasOutputKeys(d)) return undefined;
  const tool = d.tool;
  if (!isLiteral(tool) || !inOrder(tool, TOOL_KEYS, 2) || !nonEmpty(tool.id) || !nonEmpty(tool.name))
    return undefined;
  if (!optString(tool.version) || !nonEmpty(d.ruleId) || !nonEmpty(d.name) || !optString(d.description))
    return undefined;
  if (!isSeverity(d.severity) || !nonEmpty(d.category)) return undefined;
  const c = d.confidence;
  if (c !== undefined && c !== 'high' && c !== 'medium' && c !== 'low') return undefined;
  const l = d.location;
  if (
    l !== undefined &&
    !(isLiteral(l) && isLocationValid(l) && inOrder(l, LOCATION_KEYS[l.kind as string]!, 1))
  )
    return undefined;
  if (!isTextList(d.cwe, true) || !isTextList(d.cve, false) || !isTextList(d.references, false))
    return undefined;
  const cvss = d.cvss;
  if (cvss !== undefined && (!isLiteral(cvss) || !inOrder(cvss, CVSS_KEYS, 0))) return undefined;
  if (cvss !== undefined && (!optString(cvss.version) || !optString(cvss.vector) || !optScore(cvss.score)))
    return undefined;
  if (!optString(d.mitigation) || (d.identifiedAt !== undefined && !isDatetime(d.identifiedAt)))
    return undefined;
  if (!isOccurrences(d.occurrences)) return undefined;
  if (d.stableId !== undefined && !nonEmpty(d.stableId)) return undefined;
  if (d.secret !== undefined && !isSecret(d.secret)) return undefined;
  if (!isAttributes(d.attributes)) return undefined;
  return identified(d as Finding);
}

/** A secret zod returns as it is: a plain object, `redacted` then `sha256`, nothing else. */
function isSecret(s: unknown): boolean {
  return isLiteral(s) && inOrder(s, SECRET_KEYS, 2) && isSecretValue(s);
}
/** A plain object with the secret's values (its keys' order aside: `inOrder` enumerates them, which costs). */
function isSecretValue(s: unknown): boolean {
  return isLiteral(s) && typeof s.redacted === 'string' && isSha256Hex(s.sha256);
}

/** Attributes zod returns as they are: a plain object without an own `__proto__` key (zod's copy would drop it). */
function isAttributes(v: unknown): boolean {
  return isLiteral(v) && !Object.hasOwn(v, '__proto__');
}

/** The adopted draft, its fingerprint and id set. */
function identified(f: Finding): Finding {
  const fp = fingerprint(f);
  f.id = newFindingId();
  f.fingerprint = fp;
  return f;
}

/**
 * A secret found in a source file, in the shape `findingDraftSchema.parse` returns (schema key order, defaults
 * present, no other key), with `id` and `fingerprint` as placeholders: what secret scanners' parsers build.
 */
export interface SourceSecretDraft {
  tool: { id: string; name: string };
  ruleId: string;
  name: string;
  description: string | undefined;
  severity: Finding['severity'];
  category: string;
  location: { kind: 'source'; file: string; startLine: number | undefined };
  cwe: string[];
  cve: string[];
  references: string[];
  mitigation: string;
  occurrences: number;
  secret: SecretInfo | undefined;
  attributes: Rec;
  id: string;
  fingerprint: string;
}

/**
 * `adoptDraft` for a `SourceSecretDraft` built as one object literal, keys in the order of the type, whose secret
 * is the object `redactSecret` returns (a parser's test holds it to `adoptDraft`). The type fixes the keys and the
 * kinds of the values, so only what a type cannot say is checked, by `adoptDraft`'s rules: non-empty texts,
 * severity, location, CWE ids, occurrences, the secret's values and plain attributes. The key-order, plain-object
 * and default checks of the literal and the secret's key order are skipped. Undefined, changing nothing, where
 * `adoptDraft` would refuse the draft.
 */
export function adoptSourceSecretDraft(d: SourceSecretDraft): Finding | undefined {
  const tool = d.tool;
  if (!nonEmpty(tool.id) || !nonEmpty(tool.name) || !nonEmpty(d.ruleId) || !nonEmpty(d.name))
    return undefined;
  if (!isSeverity(d.severity) || !nonEmpty(d.category) || !isLocationValid(d.location)) return undefined;
  if (!isTextList(d.cwe, true) || !isTextList(d.cve, false) || !isTextList(d.references, false))
    return undefined;
  const secret = d.secret;
  if (!isOccurrences(d.occurrences) || (secret !== undefined && !isSecretValue(secret))) return undefined;
  if (!isAttributes(d.attributes)) return undefined;
  return identified(d as Finding);
}
