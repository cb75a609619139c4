import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateJsonSchemas, PUBLISHED_SCHEMAS, schemaFileText } from './json-schemas.js';

const schemasDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schemas');

describe('published JSON Schemas', () => {
  const fresh = generateJsonSchemas();

  it.each(Object.keys(PUBLISHED_SCHEMAS))(
    'schemas/%s.schema.json is up to date (run `pnpm build`)',
    (name) => {
      const committed = readFileSync(path.join(schemasDir, `${name}.schema.json`), 'utf8');
      expect(committed).toBe(schemaFileText(fresh[name as keyof typeof fresh]));
    },
  );

  it('the finding schema requires the identity fields and knows the five severities', () => {
    const finding = fresh.finding as { required: string[]; properties: { severity: { enum: string[] } } };
    expect(finding.required).toEqual(
      expect.arrayContaining(['id', 'fingerprint', 'tool', 'ruleId', 'severity']),
    );
    expect(finding.properties.severity.enum).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });
});
