import * as z from 'zod';
import type { findingDraftSchema } from './finding.js';
import { SEVERITIES } from './severity.js';

type DraftOutput = z.output<typeof findingDraftSchema>;
type Rec = Record<string, unknown>;

/**
 * A hand-written twin of `findingDraftSchema.parse` for the common case, about ten times cheaper
 * (parsers create a finding per report item, so zod's cost dominated large imports). It returns
 * exactly what zod returns (same keys in the same order, defaults filled, unknown keys stripped,
 * arrays and records copied) or `undefined` whenever anything is unusual, and then the caller uses
 * zod, which gives the error. It never accepts a draft that zod refuses: a property test holds it to that.
 */
export function parseDraftFast(d: unknown): DraftOutput | undefined {
  if (!isPlain(d)) return undefined;
  const tool = d.tool;
  if (!isPlain(tool) || !nonEmpty(tool.id) || !nonEmpty(tool.name) || !optString(tool.version))
    return undefined;
  if (!nonEmpty(d.ruleId) || !nonEmpty(d.name) || !optString(d.description) || !nonEmpty(d.category))
    return undefined;
  if (!isSeverity(d.severity)) return undefined;
  if (
    d.confidence !== undefined &&
    d.confidence !== 'high' &&
    d.confidence !== 'medium' &&
    d.confidence !== 'low'
  )
    return undefined;
  if (!optString(d.mitigation) || (d.stableId !== undefined && !nonEmpty(d.stableId))) return undefined;
  if (d.identifiedAt !== undefined && !isDatetime(d.identifiedAt)) return undefined;
  const occurrences = d.occurrences === undefined ? 1 : d.occurrences;
  if (!isOccurrences(occurrences)) return undefined;
  const cwe = stringList(d.cwe, true);
  const cve = stringList(d.cve, false);
  const references = stringList(d.references, false);
  if (!cwe || !cve || !references) return undefined;
  const attributes =
    d.attributes === undefined
      ? {}
      : isPlain(d.attributes) && !Object.hasOwn(d.attributes, '__proto__')
        ? { ...d.attributes }
        : undefined;
  if (!attributes) return undefined;
  const outTool: Rec = { id: tool.id, name: tool.name };
  if ('version' in tool) outTool.version = tool.version;
  const out: Rec = { tool: outTool, ruleId: d.ruleId, name: d.name };
  if ('description' in d) out.description = d.description;
  out.severity = d.severity;
  out.category = d.category;
  if ('confidence' in d) out.confidence = d.confidence;
  if ('location' in d) {
    const location = d.location === undefined ? undefined : parseLocation(d.location);
    if (d.location !== undefined && location === undefined) return undefined;
    out.location = location;
  }
  out.cwe = cwe;
  out.cve = cve;
  if ('cvss' in d) {
    const c = d.cvss;
    if (
      c !== undefined &&
      (!isPlain(c) || !optString(c.version) || !optString(c.vector) || !optScore(c.score))
    )
      return undefined;
    out.cvss = c === undefined ? undefined : pick(c, ['version', 'vector', 'score']);
  }
  out.references = references;
  if ('mitigation' in d) out.mitigation = d.mitigation;
  if ('identifiedAt' in d) out.identifiedAt = d.identifiedAt;
  out.occurrences = occurrences;
  if ('stableId' in d) out.stableId = d.stableId;
  if ('secret' in d) {
    const s = d.secret;
    if (s !== undefined && (!isPlain(s) || typeof s.redacted !== 'string' || !isSha256Hex(s.sha256)))
      return undefined;
    out.secret = s === undefined ? undefined : { redacted: s.redacted, sha256: s.sha256 };
  }
  out.attributes = attributes;
  return out as DraftOutput;
}

/** 1 for the character codes of `0-9a-f`. */
const LOWER_HEX = new Uint8Array(128);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/** `/^[0-9a-f]{64}$/` without a regular expression (a table look-up per character: twice as fast as ranges). */
export function isSha256Hex(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 64) return false;
  for (let i = 0; i < 64; i++) if (LOWER_HEX[v.charCodeAt(i)] !== 1) return false;
  return true;
}
const SEVERITY_SET: ReadonlySet<unknown> = new Set(SEVERITIES);
export function isSeverity(v: unknown): boolean {
  return SEVERITY_SET.has(v);
}
const CWE = /^CWE-\d+$/;
const datetime = z.iso.datetime({ offset: true });
let lastDatetime = '';

function isPlain(v: unknown): v is Rec {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
export function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1;
}
export function optString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}
/** `occurrences`: a count of at least one. */
export function isOccurrences(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) > 0;
}
export function optScore(v: unknown): boolean {
  return v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 10);
}
function optCount(v: unknown, max = Number.MAX_SAFE_INTEGER): boolean {
  return v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max);
}
/** One date is usually shared by every finding of a report: zod checks it once. */
export function isDatetime(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (v === lastDatetime) return true;
  if (!datetime.safeParse(v).success) return false;
  lastDatetime = v;
  return true;
}
function stringList(v: unknown, cwe: boolean): string[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return undefined;
  for (const x of v) if (typeof x !== 'string' || x.length === 0 || (cwe && !CWE.test(x))) return undefined;
  return v.slice();
}
/** The keys present in `o`, in schema order (zod keeps a key given as undefined). */
function pick(o: Rec, keys: readonly string[]): Rec {
  const out: Rec = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

/** The keys each location kind may have, in schema order. */
export const LOCATION_KEYS: Readonly<Record<string, readonly string[]>> = {
  source: ['kind', 'file', 'startLine', 'endLine', 'column', 'endColumn', 'snippet'],
  package: ['kind', 'name', 'version', 'fixedVersion', 'purl', 'ecosystem', 'path'],
  url: ['kind', 'url', 'method', 'parameter'],
  host: ['kind', 'host', 'port', 'protocol'],
};

/** Whether a location passes `locationSchema` (unknown keys aside: zod strips them). */
export function isLocationValid(l: unknown): l is Rec {
  if (!isPlain(l)) return false;
  switch (l.kind) {
    case 'source':
      return (
        nonEmpty(l.file) &&
        optCount(l.startLine) &&
        optCount(l.endLine) &&
        optCount(l.column) &&
        optCount(l.endColumn) &&
        optString(l.snippet)
      );
    case 'package':
      return (
        nonEmpty(l.name) &&
        optString(l.version) &&
        optString(l.fixedVersion) &&
        optString(l.purl) &&
        optString(l.ecosystem) &&
        optString(l.path)
      );
    case 'url':
      return nonEmpty(l.url) && optString(l.method) && optString(l.parameter);
    case 'host':
      return nonEmpty(l.host) && optCount(l.port, 65535) && optString(l.protocol);
    default:
      return false;
  }
}

/** A checked location copied with its keys in schema order (as `pick`, unrolled for source: it runs per finding). */
function parseLocation(l: unknown): Rec | undefined {
  if (!isLocationValid(l)) return undefined;
  if (l.kind !== 'source') return pick(l, LOCATION_KEYS[l.kind as string]!);
  const out: Rec = { kind: l.kind, file: l.file };
  if ('startLine' in l) out.startLine = l.startLine;
  if ('endLine' in l) out.endLine = l.endLine;
  if ('column' in l) out.column = l.column;
  if ('endColumn' in l) out.endColumn = l.endColumn;
  if ('snippet' in l) out.snippet = l.snippet;
  return out;
}
