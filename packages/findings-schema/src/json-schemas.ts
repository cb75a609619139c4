import * as z from 'zod';
import { findingListSchema, findingSchema } from './finding.js';
import { scanSchema } from './scan.js';
import { scanMetadataSchema } from './scan-metadata.js';
import { severityCountsSchema } from './severity.js';

/** The public models published as JSON Schema files (`schemas/<name>.schema.json`). */
export const PUBLISHED_SCHEMAS = {
  finding: { schema: findingSchema, title: 'scanrelay finding' },
  'finding-list': { schema: findingListSchema, title: 'scanrelay finding list' },
  scan: { schema: scanSchema, title: 'scanrelay scan' },
  'scan-metadata': { schema: scanMetadataSchema, title: 'scanrelay scan-metadata.json' },
  'severity-counts': { schema: severityCountsSchema, title: 'scanrelay severity counts' },
} as const;

export type PublishedSchemaName = keyof typeof PUBLISHED_SCHEMAS;

/**
 * JSON Schema (draft 2020-12) of every public model, generated from the zod schemas. Describes the
 * documents as written (defaults applied), so fields with defaults are required.
 */
export function generateJsonSchemas(): Record<PublishedSchemaName, Record<string, unknown>> {
  const out = {} as Record<PublishedSchemaName, Record<string, unknown>>;
  for (const [name, { schema, title }] of Object.entries(PUBLISHED_SCHEMAS) as [
    PublishedSchemaName,
    (typeof PUBLISHED_SCHEMAS)[PublishedSchemaName],
  ][]) {
    const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
    out[name] = { $schema: json.$schema, title, ...json };
  }
  return out;
}

/** The file text for a schema: two-space JSON with a final newline. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
