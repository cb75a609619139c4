import { LazyJsonPath } from './io/json-path.js';

/** Where in a report a problem is: a JSON path, a line (1-based) or a byte offset. */
export interface ParseErrorWhere {
  path?: string;
  line?: number;
  offset?: number;
}

/**
 * The only error a parser lets out for bad input: names the scanner, where in the report, what was
 * expected and what came.
 */
export class ParseError extends Error {
  readonly code = 'PARSE_ERROR' as const;
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
    super(`@scanrelay/parsers: ${scanner}: at ${place}: expected ${expected}${got}`, {
      cause: options?.cause,
    });
    this.name = 'ParseError';
    this.scanner = scanner;
    // A lazily formatted path (LazyJsonPath) is kept as the plain `{ path }` it stands for.
    this.where = where instanceof LazyJsonPath ? { path: where.path } : where;
    this.expected = expected;
  }
}

export function isParseError(e: unknown): e is ParseError {
  return e instanceof ParseError;
}

/** A short description of a JSON value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
