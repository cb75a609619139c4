/**
 * The small JSONPath subset the streaming reader understands, compiled into a trie.
 *
 * A path starts with `$` and is followed by segments: `.name` or `["name"]` (one object member),
 * `.*` (every member value of an object) and `[*]` (every element of an array). Examples:
 * `$.Results[*].Vulnerabilities[*]`, `$[*].Vulnerabilities[*]`, `$.runs[*].results[*]`, `$.nodejs.*`.
 */
export interface PathNode {
  /** Named members that lead on (or end) a path. */
  keys: Map<string, PathNode> | undefined;
  /** `.*`: every member of an object. A named key wins over it at the same level. */
  anyMember: PathNode | undefined;
  /** `[*]`: every element of an array. */
  anyElement: PathNode | undefined;
  /** What to do with a value that ends a path: emit it, or skip it unparsed. */
  action: 'select' | 'skip' | undefined;
}

type PathSegment = { kind: 'key'; name: string } | { kind: 'member' } | { kind: 'element' };

function emptyNode(): PathNode {
  return { keys: undefined, anyMember: undefined, anyElement: undefined, action: undefined };
}

/** Parses `$.a[*].b.*` into segments; a TypeError says what is wrong with a malformed path. */
function parseJsonPath(path: string): PathSegment[] {
  if (!path.startsWith('$'))
    throw new TypeError(`@scanrelay/parsers: JSON path must start with "$", got "${path}"`);
  const out: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const rest = path.slice(i);
    const named = /^\.([^.[\]*]+)/.exec(rest);
    const quoted = named ? null : /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
    if (rest.startsWith('[*]')) {
      out.push({ kind: 'element' });
      i += 3;
    } else if (rest.startsWith('.*')) {
      out.push({ kind: 'member' });
      i += 2;
    } else if (named) {
      out.push({ kind: 'key', name: named[1]! });
      i += named[0].length;
    } else if (quoted) {
      out.push({ kind: 'key', name: JSON.parse(quoted[1]!) as string });
      i += quoted[0].length;
    } else {
      throw new TypeError(`@scanrelay/parsers: unsupported JSON path "${path}" at "${rest}"`);
    }
  }
  if (out.length === 0)
    throw new TypeError(`@scanrelay/parsers: JSON path "${path}" selects the whole document`);
  return out;
}

/** Builds the trie of `select` and `skip` paths. A path may not continue past another path's end. */
export function compileJsonPaths(select: readonly string[], skip: readonly string[] = []): PathNode {
  const root = emptyNode();
  const add = (path: string, action: 'select' | 'skip') => {
    let node = root;
    for (const seg of parseJsonPath(path)) {
      if (node.action)
        throw new TypeError(`@scanrelay/parsers: JSON path "${path}" goes inside another selected path`);
      if (seg.kind === 'key') {
        node.keys ??= new Map();
        let next = node.keys.get(seg.name);
        if (!next) {
          next = emptyNode();
          node.keys.set(seg.name, next);
        }
        node = next;
      } else if (seg.kind === 'member') node = node.anyMember ??= emptyNode();
      else node = node.anyElement ??= emptyNode();
    }
    if (node.keys || node.anyMember || node.anyElement || (node.action && node.action !== action)) {
      throw new TypeError(`@scanrelay/parsers: JSON path "${path}" overlaps another path`);
    }
    node.action = action;
  };
  for (const p of select) add(p, 'select');
  for (const p of skip) add(p, 'skip');
  return root;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `['Results', 3, 'a b']` → `$.Results[3]["a b"]`, for error messages. */
export function formatJsonPath(path: readonly (string | number)[]): string {
  let s = '$';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (IDENTIFIER.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(p)}]`;
  }
  return s;
}

/**
 * A place for a ParseError or a warning whose JSON path is formatted only when read: it is made for
 * every report item, and read only for the rare item with a problem. ParseError keeps `{ path }`.
 */
export class LazyJsonPath {
  readonly #parts: readonly (string | number)[];

  constructor(parts: readonly (string | number)[]) {
    this.#parts = parts;
  }

  get path(): string {
    return formatJsonPath(this.#parts);
  }
}
