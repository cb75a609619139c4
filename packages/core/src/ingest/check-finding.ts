import {
  type Finding,
  findingSchema,
  MAX_JSON_DEPTH,
  pathDeeperThan,
  SEVERITIES,
} from '@scanrelay/findings-schema';
import { InvalidFindingError } from '../core-error.js';

const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);
const LOCATION_KINDS: ReadonlySet<string> = new Set(['source', 'package', 'url', 'host']);
const FINGERPRINT = /^[0-9a-f]{64}$/;

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

function fail(index: number, path: string, expected: string, got: unknown): never {
  throw new InvalidFindingError(
    index,
    path,
    `expected ${expected}, got ${JSON.stringify(got)?.slice(0, 60) ?? 'undefined'}`,
  );
}

/**
 * How ingest checks each finding before anything is written:
 * - `fields` (default): the fields the store keys and counts on (fingerprint, tool, rule, name,
 *   category, severity, occurrences, location kind), fast enough for a hot path. Findings built by
 *   `createFinding` (every parser) were validated already when they were made.
 * - `schema`: the whole canonical zod schema, for findings from an untrusted source not yet parsed.
 */
export type FindingValidation = 'fields' | 'schema';

/** Returns the finding to store, or throws `InvalidFindingError` naming the entry and the field. */
export function checkFinding(
  input: unknown,
  index: number,
  validation: FindingValidation = 'fields',
): Finding {
  // Scanner-specific attributes come from the report: bounded before any recursive code sees them.
  const attributes = (input as { attributes?: unknown } | null)?.attributes;
  const deep = typeof attributes === 'object' ? pathDeeperThan(attributes) : undefined;
  if (deep !== undefined)
    throw new InvalidFindingError(index, `attributes.${deep}`, `nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (validation === 'schema') {
    const parsed = findingSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new InvalidFindingError(index, issue?.path.join('.') ?? '', issue?.message ?? 'invalid', {
      cause: parsed.error,
    });
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail(index, '', 'an object', input);
  const f = input as Record<string, unknown>;
  if (typeof f.fingerprint !== 'string' || !FINGERPRINT.test(f.fingerprint))
    fail(index, 'fingerprint', 'a sha256 hex digest', f.fingerprint);
  const tool = f.tool as Record<string, unknown> | undefined;
  if (typeof tool !== 'object' || tool === null) fail(index, 'tool', 'an object', tool);
  else {
    if (!isText(tool.id)) fail(index, 'tool.id', 'a parser id', tool.id);
    if (!isText(tool.name)) fail(index, 'tool.name', 'a tool name', tool.name);
  }
  if (!isText(f.ruleId)) fail(index, 'ruleId', 'a non-empty string', f.ruleId);
  if (!isText(f.name)) fail(index, 'name', 'a non-empty string', f.name);
  if (!isText(f.category)) fail(index, 'category', 'a non-empty string', f.category);
  if (typeof f.severity !== 'string' || !SEVERITY_SET.has(f.severity))
    fail(index, 'severity', SEVERITIES.join('|'), f.severity);
  const occ = f.occurrences;
  if (typeof occ !== 'number' || !Number.isInteger(occ) || occ < 1)
    fail(index, 'occurrences', 'a positive integer', occ);
  const loc = f.location as Record<string, unknown> | undefined;
  if (
    loc !== undefined &&
    (typeof loc !== 'object' || loc === null || !LOCATION_KINDS.has(loc.kind as string))
  ) {
    fail(index, 'location.kind', 'source|package|url|host', loc?.kind);
  }
  return input as Finding;
}
