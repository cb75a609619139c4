/**
 * Normalises the many ways scanners write CWEs to `CWE-<n>` ids, unique and in order:
 * `"CWE-78: OS Command Injection"`, `["CWE-79", "CWE-89"]`, `"1035, 937"`, `16`, `"cwe-79"`,
 * `{cweId: "CWE-506"}`, `{cwe: "CWE-79"}`. Anything without a number is ignored.
 */
export function cweIds(value: unknown): string[] {
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (Array.isArray(v)) {
      for (const x of v) add(x);
      return;
    }
    if (typeof v === 'number' && Number.isInteger(v) && v > 0) {
      push(String(v));
      return;
    }
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      add(o.cweId ?? o.cwe ?? o.id);
      return;
    }
    if (typeof v !== 'string') return;
    // "CWE-78: title", "CWE-78", "cwe-79", "1035, 937", "16"
    const prefixed = [...v.matchAll(/CWE-(\d+)/gi)];
    if (prefixed.length > 0) {
      for (const m of prefixed) if (m[1]) push(m[1]);
      return;
    }
    for (const part of v.split(/[,;\s]+/)) if (/^\d+$/.test(part)) push(part);
  };
  const push = (n: string): void => {
    const id = `CWE-${Number(n)}`;
    if (Number(n) > 0 && !out.includes(id)) out.push(id);
  };
  add(value);
  return out;
}
