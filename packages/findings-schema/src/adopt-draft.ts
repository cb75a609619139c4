import type { Finding, FindingDraft } from './finding.js';
import { newFindingId } from './finding-id.js';
import { fingerprint } from './fingerprint.js';
import {
  isDatetime,
  isLocationValid,
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
  if (!Number.isSafeInteger(d.occurrences) || (d.occurrences as number) <= 0) return undefined;
  if (d.stableId !== undefined && !nonEmpty(d.stableId)) return undefined;
  const s = d.secret;
  if (s !== undefined && (!isLiteral(s) || !inOrder(s, SECRET_KEYS, 2) || typeof s.redacted !== 'string'))
    return undefined;
  if (s !== undefined && !isSha256Hex(s.sha256)) return undefined;
  if (!isLiteral(d.attributes) || Object.hasOwn(d.attributes, '__proto__')) return undefined;
  const f = d as Finding;
  const fp = fingerprint(f);
  f.id = newFindingId();
  f.fingerprint = fp;
  return f;
}
