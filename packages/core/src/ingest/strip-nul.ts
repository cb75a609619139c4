/**
 * `value` without NUL characters in any string or object key, at any depth; `value` itself when it
 * has none (PostgreSQL cannot store NUL in text or jsonb, so both backends store finding text without
 * it). Iterative, so that a deep value cannot overflow the stack.
 */
export function stripNul<T>(value: T): T {
  const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '') : s);
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return [...v];
    if (typeof v === 'object' && v !== null) return { ...v };
    return v;
  };
  const root = copy(value);
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        node[i] = copy(node[i]);
        stack.push(node[i]);
      }
    } else if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        const v = copy(obj[key]);
        const k = clean(key);
        if (k !== key) delete obj[key];
        obj[k] = v;
        stack.push(v);
      }
    }
  }
  return root as T;
}
