import type { z } from 'zod';
import { formatJsonPath } from '../../io/json-path.js';
import type { JsonMatch } from '../../io/stream-json.js';
import { describeValue, ParseError } from '../../parse-error.js';

/** `$.matches[3].artifact` from a base path and a zod issue path. */
function joinPath(base: string, parts: readonly PropertyKey[]): string {
  let out = base;
  for (const p of parts) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** Validates one piece of a report; a mismatch becomes a ParseError at the JSON path of the bad field. */
export function parseWith<S extends z.ZodType>(
  scanner: string,
  schema: S,
  value: unknown,
  path: string,
  expected: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = joinPath(path, issue?.path ?? []);
  let got = value;
  for (const p of issue?.path ?? []) got = (got as Record<PropertyKey, unknown> | undefined)?.[p];
  throw new ParseError(
    scanner,
    { path: at },
    issue?.path.length ? `${expected} (${issue.message})` : expected,
    {
      got: describeValue(got),
    },
  );
}

/** Each streamed match validated with `schema` (parseWith), with its JSON path `at` (`$.results[3]`). */
export async function* parsedMatches<S extends z.ZodType>(
  scanner: string,
  matches: AsyncIterable<JsonMatch>,
  schema: S,
  expected: string,
): AsyncGenerator<{ at: string; value: z.infer<S> }> {
  for await (const m of matches) {
    const at = formatJsonPath(m.path);
    yield { at, value: parseWith(scanner, schema, m.value, at, expected) };
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
