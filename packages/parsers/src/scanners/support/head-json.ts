let lastHead: string | undefined;
let lastValue: unknown;

/**
 * The head parsed as JSON when the whole document fits in it (small reports), else undefined.
 * Detection uses it to check top-level keys exactly; the last result is memoised because every
 * parser's detect() sees the same head in turn.
 */
export function headJson(head: string): unknown {
  if (head === lastHead) return lastValue;
  lastHead = head;
  try {
    lastValue = JSON.parse(head);
  } catch {
    lastValue = undefined;
  }
  return lastValue;
}

/** True when every regular expression matches the head. */
export function hasAll(head: string, patterns: readonly RegExp[]): boolean {
  return patterns.every((p) => p.test(head));
}

/** A JSON key pattern: `"name"` followed by a colon. */
export function key(name: string): RegExp {
  return new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`);
}
