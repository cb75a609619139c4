/**
 * How deep JSON from outside may nest. Deeper values overflow the stack of recursive code (hashing,
 * canonical serialisation) and of PostgreSQL's JSON parser, so they are refused where they enter.
 */
export const MAX_JSON_DEPTH = 64;

/** An object still to walk: its key under its parent and the parent's frame (the path is built only when reported). */
interface Frame {
  value: object;
  key: string | undefined;
  up: Frame | undefined;
  depth: number;
}

/**
 * The dotted path (first six keys, then `…`) of the first value nested deeper than `max`, or
 * undefined. Iterative, so a hostile value cannot overflow the stack here either; only nested objects
 * get a frame (a flat object costs one), and a path is spelled out only for the value reported.
 */
export function pathDeeperThan(root: unknown, max: number = MAX_JSON_DEPTH): string | undefined {
  if (typeof root !== 'object' || root === null) return undefined;
  const stack: Frame[] = [{ value: root, key: undefined, up: undefined, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.depth >= max) return pathOf(frame);
    const value = frame.value as Record<string, unknown>;
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const child = value[key];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, key, up: frame, depth: frame.depth + 1 });
    }
  }
  return undefined;
}

function pathOf(frame: Frame): string {
  const keys: string[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.up) keys.push(f.key);
  keys.reverse();
  return [...keys.slice(0, 6), '…'].join('.');
}
