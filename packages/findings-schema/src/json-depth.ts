/**
 * How deep JSON from outside may nest. Deeper values overflow the stack of recursive code (hashing,
 * canonical serialisation) and of PostgreSQL's JSON parser, so they are refused where they enter.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The dotted path (first six keys, then `…`) of the first value nested deeper than `max`, or
 * undefined. Iterative, so a hostile value cannot overflow the stack here either.
 */
export function pathDeeperThan(root: unknown, max: number = MAX_JSON_DEPTH): string | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= max) return [...path.slice(0, 6), '…'].join('.');
    for (const [key, child] of Object.entries(value)) stack.push({ value: child, path: [...path, key] });
  }
  return undefined;
}
