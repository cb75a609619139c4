import { LazyJsonPath } from './io/json-path.js';

/** Where in a report a problem is: a JSON path, a line (1-based) or a byte offset. */
export interface ParseErrorWhere {
  path?: string;
  line?: number;
  offset?: number;
}

/** Marks ParseError instances so that isParseError recognises them from another copy of the package. */
const BRAND = Symbol.for('@scanrelay/parsers/error');

/**
 * The only error a parser lets out for bad input: names the scanner, where in the report, what was
 * expected and what came. `detail` is the message without the `@scanrelay/parsers: ` prefix.
 */
export class ParseError extends Error {
  readonly code = 'PARSE_ERROR' as const;
  readonly detail: string;
  readonly scanner: string;
  readonly where: ParseErrorWhere;
  readonly expected: string;

  constructor(
    scanner: string,
    where: ParseErrorWhere,
    expected: string,
    options?: { cause?: unknown; got?: string },
  ) {
    const byte = where.offset !== undefined ? `byte ${where.offset}` : undefined;
    const place =
      (where.path !== undefined && byte !== undefined ? `${where.path} (${byte})` : where.path) ??
      (where.line !== undefined ? `line ${where.line}` : undefined) ??
      byte ??
      'input';
    const got = options?.got ? `, got ${options.got}` : '';
    const detail = `${scanner}: at ${place}: expected ${expected}${got}`;
    super(`@scanrelay/parsers: ${detail}`, { cause: options?.cause });
    this.name = 'ParseError';
    this.detail = detail;
    Object.defineProperty(this, BRAND, { value: true });
    this.scanner = scanner;
    // A lazily formatted path (LazyJsonPath) is kept as the plain `{ path }` it stands for.
    this.where = where instanceof LazyJsonPath ? { path: where.path } : where;
    this.expected = expected;
  }
}

/** True for a ParseError, also one thrown by another copy of @scanrelay/parsers (checks the brand). */
export function isParseError(e: unknown): e is ParseError {
  return e instanceof ParseError || (typeof e === 'object' && e !== null && BRAND in e);
}

/** A number or version number (`7`, `2.0.0`): a shape, too short to carry a secret. */
const NUMERIC = /^-?\d{1,4}(?:\.\d{1,4}){0,3}$/;

/**
 * A short description of a JSON value for error messages: its shape, never its content (a report
 * may hold secrets), except for short numbers and version numbers, which are quoted.
 */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') {
    if (NUMERIC.test(v)) return JSON.stringify(v);
    return v === '' ? 'an empty string' : `a string of ${v.length} character${v.length === 1 ? '' : 's'}`;
  }
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return NUMERIC.test(String(v)) ? `the number ${v}` : 'a number';
  return typeof v === 'boolean' ? String(v) : `a ${typeof v}`;
}
