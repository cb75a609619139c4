import { ParseError } from '../parse-error.js';
import { compileJsonPaths, formatJsonPath, type PathNode } from './json-path.js';
import { scanContainer, scanScalar, scanString } from './json-scan-loops.js';
import { jsonSyntaxReason } from './json-syntax-reason.js';

/** One selected value, where it is, and the containers around it as far as they have been read. */
export interface JsonMatch {
  /** Member names and array indexes from the root to the value. */
  path: (string | number)[];
  value: unknown;
  /**
   * `ancestors[i]` is the container at depth i (`ancestors[0]` is the root), holding the members read
   * before this match; `ancestors[i][path[i]] === ancestors[i + 1]`. Selected and skipped subtrees are
   * never kept in them. They are live: by the end of the stream they hold every other member.
   */
  ancestors: unknown[];
}

export interface JsonScannerOptions {
  /** The scanner named in ParseErrors. */
  scanner: string;
  /** Paths whose values are emitted (see json-path.ts for the syntax). */
  select: readonly string[];
  /** Paths whose values are neither parsed nor kept: only their brackets and strings are checked. */
  skip?: readonly string[];
  /**
   * A single value (a selected one or a kept one) larger than this is a ParseError. Default 256 MiB.
   * Skipped values have no limit: they are scanned without being held.
   */
  maxValueBytes?: number;
}

// Tokenizer states at the levels on a selected path.
const VALUE = 0;
const OBJ_FIRST = 1;
const OBJ_NEXT = 2;
const COLON = 3;
const OBJ_AFTER = 4;
const ARR_FIRST = 5;
const ARR_AFTER = 6;
const DONE = 7;
const EXPECTED = [
  'a JSON value',
  "a member name or '}'",
  'a member name',
  "':'",
  "',' or '}'",
  "a value or ']'",
  "',' or ']'",
  'the end of the input',
];

// What is being skipped over, and what happens to it once its end is found.
const NONE = 0;
const STRING = 1;
const CONTAINER = 2;
const SCALAR = 3;
const STORE = 0;
const SELECT = 1;
const DISCARD = 2;

interface Frame {
  isArray: boolean;
  node: PathNode;
  container: Record<string, unknown> | unknown[];
  /** The current member name (object) or element index (array). */
  key: string | number;
}

/**
 * A push parser: feed it bytes with `push`, then call `end`. It tokenizes only the containers on the
 * selected paths; every other value is located by a bracket-and-string scan and handed whole to
 * `JSON.parse`, so no per-character JavaScript strings are made. Memory is one chunk plus the value
 * being read plus the skeleton (everything that is neither selected nor skipped); a skipped value is
 * scanned as it streams by and never held, whatever its size.
 */
export class JsonScanner {
  readonly #scanner: string;
  readonly #root: PathNode;
  readonly #maxValueBytes: number;
  #buf: Buffer = Buffer.alloc(0);
  #len = 0;
  #pos = 0;
  #base = 0;
  #bomChecked = false;
  #state = VALUE;
  #stack: Frame[] = [];
  #rootValue: unknown;
  #skipKind = NONE;
  #skipTarget = STORE;
  #skipStart = 0;
  #scan = { pos: 0, depth: 0, inString: false };
  #out: JsonMatch[] = [];

  constructor(options: JsonScannerOptions) {
    this.#scanner = options.scanner;
    this.#root = compileJsonPaths(options.select, options.skip);
    this.#maxValueBytes = options.maxValueBytes ?? 256 * 1024 * 1024;
  }

  /** Adds bytes; returns the matches they completed, in document order. */
  push(chunk: Uint8Array): JsonMatch[] {
    this.#out = [];
    this.#append(chunk);
    this.#run(false);
    return this.#out;
  }

  /** Ends the input; throws a ParseError if the document is incomplete. */
  end(): JsonMatch[] {
    this.#out = [];
    this.#run(true);
    if (this.#state !== DONE) {
      if (this.#state === VALUE && this.#stack.length === 0) {
        throw new ParseError(this.#scanner, { offset: 0 }, 'a JSON document', { got: 'an empty input' });
      }
      this.#fail(EXPECTED[this.#state]!);
    }
    return this.#out;
  }

  /** The document without its selected and skipped subtrees (complete once `end` returned). */
  get skeleton(): unknown {
    return this.#rootValue;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#base + this.#pos;
  }

  #append(chunk: Uint8Array): void {
    // A value being read is kept from its start, to be parsed; one being discarded needs no bytes
    // before the scan position (at most one past the end, after a backslash), whatever its size.
    const keep =
      this.#skipKind === NONE
        ? this.#pos
        : this.#skipTarget === DISCARD
          ? Math.min(this.#scan.pos, this.#len)
          : this.#skipStart;
    const rest = this.#len - keep;
    const need = rest + chunk.byteLength;
    const cap = this.#buf.length;
    if (need > cap || (cap > 16 * 1024 * 1024 && need < cap / 4)) {
      const next = Buffer.allocUnsafe(Math.max(need, Math.min(cap * 2, need * 2), 64 * 1024));
      this.#buf.copy(next, 0, keep, this.#len);
      this.#buf = next;
    } else if (keep > 0 && rest > 0) {
      this.#buf.copyWithin(0, keep, this.#len);
    }
    this.#buf.set(chunk, rest);
    this.#len = need;
    this.#base += keep;
    this.#pos -= keep;
    this.#skipStart -= keep;
    this.#scan.pos -= keep;
  }

  #run(final: boolean): void {
    const b = this.#buf;
    const len = this.#len;
    if (!this.#bomChecked) {
      if (len < 3 && !final) return;
      this.#bomChecked = true;
      if (len >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) this.#pos = 3;
    }
    while (true) {
      if (this.#skipKind !== NONE) {
        if (!this.#continueSkip(final)) return;
        continue;
      }
      let pos = this.#pos;
      let c = 0;
      while (pos < len) {
        c = b[pos]!;
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
        pos++;
      }
      this.#pos = pos;
      if (pos >= len) return;
      const top = this.#stack[this.#stack.length - 1];
      switch (this.#state) {
        case VALUE:
          this.#startValue(c, top);
          break;
        case OBJ_FIRST:
        case OBJ_NEXT:
          if (c === 0x7d && this.#state === OBJ_FIRST) this.#close();
          else if (c === 0x22) {
            if (!this.#readKey(top!, final)) return;
          } else this.#fail(EXPECTED[this.#state]!);
          break;
        case COLON:
          if (c !== 0x3a) this.#fail(EXPECTED[COLON]!);
          this.#pos++;
          this.#state = VALUE;
          break;
        case OBJ_AFTER:
        case ARR_AFTER:
          if (c === 0x2c) {
            this.#pos++;
            if (top!.isArray) {
              top!.key = (top!.key as number) + 1;
              this.#state = VALUE;
            } else this.#state = OBJ_NEXT;
          } else if (c === (top!.isArray ? 0x5d : 0x7d)) this.#close();
          else this.#fail(EXPECTED[this.#state]!);
          break;
        case ARR_FIRST:
          if (c === 0x5d) this.#close();
          else this.#state = VALUE;
          break;
        default:
          this.#fail(EXPECTED[DONE]!);
      }
    }
  }

  /** Decides what the value starting at `pos` is: a container on a path, a selected value, or another. */
  #startValue(c: number, top: Frame | undefined): void {
    const child =
      top === undefined
        ? this.#root
        : top.isArray
          ? top.node.anyElement
          : (top.node.keys?.get(top.key as string) ?? top.node.anyMember);
    if (child !== undefined) {
      if (child.action !== undefined) {
        this.#beginSkip(c, child.action === 'select' ? SELECT : DISCARD);
        return;
      }
      const isObject = c === 0x7b && (child.keys !== undefined || child.anyMember !== undefined);
      if (isObject || (c === 0x5b && child.anyElement !== undefined)) {
        const container = isObject ? {} : [];
        this.#store(container);
        this.#stack.push({ isArray: !isObject, node: child, container, key: isObject ? '' : 0 });
        this.#pos++;
        this.#state = isObject ? OBJ_FIRST : ARR_FIRST;
        return;
      }
    }
    this.#beginSkip(c, STORE);
  }

  #beginSkip(c: number, target: number): void {
    if (c === 0x22) this.#skipKind = STRING;
    else if (c === 0x7b || c === 0x5b) this.#skipKind = CONTAINER;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e)
      this.#skipKind = SCALAR;
    else this.#fail(EXPECTED[VALUE]!);
    this.#skipTarget = target;
    this.#skipStart = this.#pos;
    this.#scan.pos = c === 0x22 ? this.#pos + 1 : this.#pos;
    this.#scan.depth = 0;
    this.#scan.inString = false;
  }

  /** Looks for the end of the value being skipped; false when more input is needed. */
  #continueSkip(final: boolean): boolean {
    const b = this.#buf;
    const len = this.#len;
    const end =
      this.#skipKind === CONTAINER
        ? scanContainer(b, len, this.#scan)
        : this.#skipKind === STRING
          ? scanString(b, len, this.#scan)
          : scanScalar(b, len, this.#scan, final);
    if (end < 0) {
      if (final)
        this.#failAt(
          this.#base + len,
          this.#skipKind === SCALAR ? 'a JSON value' : 'the rest of the value',
          'the end of the input',
        );
      if (this.#skipTarget !== DISCARD && len - this.#skipStart > this.#maxValueBytes) {
        this.#failAt(
          this.#base + this.#skipStart,
          `a value of at most ${this.#maxValueBytes} bytes`,
          'a larger one',
        );
      }
      return false;
    }
    const start = this.#skipStart;
    const target = this.#skipTarget;
    this.#skipKind = NONE;
    this.#pos = end;
    if (target !== DISCARD) {
      const value = this.#parseSlice(start, end);
      if (target === SELECT) {
        const n = this.#stack.length;
        const path = new Array<string | number>(n);
        const ancestors = new Array<unknown>(n);
        for (let i = 0; i < n; i++) {
          const f = this.#stack[i]!;
          path[i] = f.key;
          ancestors[i] = f.container;
        }
        this.#out.push({ path, value, ancestors });
      } else this.#store(value);
    }
    this.#afterValue();
    return true;
  }

  #parseSlice(start: number, end: number): unknown {
    const text = this.#buf.toString('utf8', start, end);
    try {
      return JSON.parse(text);
    } catch (cause) {
      const { reason, position } = jsonSyntaxReason(cause);
      const at = position !== undefined ? Buffer.byteLength(text.slice(0, position)) : 0;
      this.#failAt(this.#base + start + at, 'valid JSON', reason);
    }
  }

  #readKey(top: Frame, final: boolean): boolean {
    const b = this.#buf;
    const start = this.#pos;
    let escaped = false;
    let i = start + 1;
    for (; i < this.#len; i++) {
      const c = b[i]!;
      if (c === 0x22) break;
      if (c === 0x5c) {
        escaped = true;
        i++;
      } else if (c < 0x20)
        this.#failAt(this.#base + i, 'a member name without control characters', `byte ${c}`);
    }
    if (i >= this.#len) {
      if (final) this.#failAt(this.#base + this.#len, 'the end of the member name', 'the end of the input');
      return false;
    }
    top.key = escaped ? (this.#parseSlice(start, i + 1) as string) : b.toString('utf8', start + 1, i);
    this.#pos = i + 1;
    this.#state = COLON;
    return true;
  }

  #store(value: unknown): void {
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) this.#rootValue = value;
    else if (top.isArray) (top.container as unknown[]).push(value);
    else if (top.key === '__proto__') {
      Object.defineProperty(top.container, '__proto__', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else (top.container as Record<string, unknown>)[top.key as string] = value;
  }

  #close(): void {
    this.#pos++;
    this.#stack.pop();
    this.#afterValue();
  }

  #afterValue(): void {
    const top = this.#stack[this.#stack.length - 1];
    this.#state = top === undefined ? DONE : top.isArray ? ARR_AFTER : OBJ_AFTER;
  }

  #fail(expected: string): never {
    const at = this.#pos;
    const c = at < this.#len ? this.#buf[at]! : -1;
    const got =
      c < 0
        ? 'the end of the input'
        : c >= 0x21 && c < 0x7f
          ? `'${String.fromCharCode(c)}'`
          : `byte 0x${c.toString(16).padStart(2, '0')}`;
    this.#failAt(this.#base + at, expected, got);
  }

  #failAt(offset: number, expected: string, got: string): never {
    const keys = this.#stack.map((f) => f.key);
    // While a member name is awaited, the path is the object's own.
    if (this.#skipKind === NONE && (this.#state === OBJ_FIRST || this.#state === OBJ_NEXT)) keys.pop();
    throw new ParseError(this.#scanner, { path: formatJsonPath(keys), offset }, expected, { got });
  }
}
