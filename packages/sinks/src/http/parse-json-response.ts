import type { z } from 'zod';
import type { SinkResponse } from './create-sink-http.js';
import { SinkError } from './sink-error.js';

/** Parses a 2xx answer with its schema; SINK_BAD_RESPONSE naming the first difference otherwise. */
export function parseJsonResponse<T>(
  res: SinkResponse,
  schema: z.ZodType<T>,
  where: { destination: string; request: string },
): T {
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch (cause) {
    throw new SinkError(
      'SINK_BAD_RESPONSE',
      `${where.destination}: ${where.request} answered ${res.status} with a body that is not JSON (${res.text.length} characters)`,
      { destination: where.destination, status: res.status, request: where.request, cause },
    );
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String).join('.') || '(root)';
  throw new SinkError(
    'SINK_BAD_RESPONSE',
    `${where.destination}: ${where.request} answered an unexpected shape at ${path}: ${issue?.message ?? 'invalid'}`,
    { destination: where.destination, status: res.status, request: where.request },
  );
}
