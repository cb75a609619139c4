import { MAX_JSON_DEPTH, pathDeeperThan } from '@scanrelay/findings-schema';
import type { Context } from 'hono';
import { ApiProblem } from '../errors/api-problem.js';

/**
 * The media types read as JSON: JSON itself, `+json` types, and the form type `curl -d` sends unless
 * told otherwise (the results workflow's `curl -d @findings.json` posts the file's bytes as they are).
 */
function isJsonType(contentType: string | undefined): boolean {
  const type = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type === 'application/json' || type.endsWith('+json') || type === 'application/x-www-form-urlencoded'
  );
}

/**
 * The request body as JSON: 415 for another media type, 400 for text that is not JSON or that nests
 * deeper than `MAX_JSON_DEPTH` (naming where). The size limit is the route's `bodyLimit`.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (!isJsonType(type))
    throw new ApiProblem(
      'UNSUPPORTED_MEDIA_TYPE',
      `expected Content-Type application/json, got ${type ? `"${type.slice(0, 100)}"` : 'none'}`,
    );
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // The parser's message quotes the input; say only where it broke.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new ApiProblem(
      'VALIDATION_FAILED',
      `the body is not valid JSON${at ? ` (at character ${at})` : ''}`,
      {
        errors: [{ path: '(root)', message: 'expected JSON' }],
      },
    );
  }
  const deep = pathDeeperThan(value);
  if (deep)
    throw new ApiProblem('VALIDATION_FAILED', `the body nests deeper than ${MAX_JSON_DEPTH} levels`, {
      errors: [{ path: deep, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }],
    });
  return value;
}
