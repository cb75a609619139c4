/**
 * Normalises the many ways scanners write CWEs to `CWE-<n>` ids, unique and in order:
 * `"CWE-78: OS Command Injection"`, `["CWE-79", "CWE-89"]`, `"1035, 937"`, `16`, `"cwe-79"`,
 * `{cweId: "CWE-506"}`, `{cwe: "CWE-79"}`. Anything without a number is ignored.
 */
export function cweIds(value: unknown): string[] {
  const out: string[] = [];
  addCweIds(out, value);
  return out;
}

const PREFIXED = /CWE-(\d+)/gi;
const SEPARATORS = /[,;\s]+/;
const DIGITS = /^\d+$/;

/** Adds the ids `v` holds to `out` (plain functions: they run for every finding of many reports). */
function addCweIds(out: string[], v: unknown): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    for (const x of v) addCweIds(out, x);
    return;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
    pushCwe(out, String(v));
    return;
  }
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    addCweIds(out, o.cweId ?? o.cwe ?? o.id);
    return;
  }
  if (typeof v !== 'string') return;
  // "CWE-78: title", "CWE-78", "cwe-79", "1035, 937", "16"
  const prefixed = [...v.matchAll(PREFIXED)];
  if (prefixed.length > 0) {
    for (const m of prefixed) if (m[1]) pushCwe(out, m[1]);
    return;
  }
  for (const part of v.split(SEPARATORS)) if (DIGITS.test(part)) pushCwe(out, part);
}

function pushCwe(out: string[], n: string): void {
  const id = `CWE-${Number(n)}`;
  if (Number(n) > 0 && !out.includes(id)) out.push(id);
}
