import { type Column, type SQL, sql } from 'drizzle-orm';

/**
 * The `SET` of an `ON CONFLICT … DO UPDATE` that takes every column from the proposed row
 * (`excluded.…`) except `kept` ones: built from the schema, so a new column is replaced too.
 */
export function excludedSet<C extends Record<string, Column>>(
  columns: C,
  kept: readonly (keyof C)[],
): Partial<Record<keyof C, SQL>> {
  const set: Partial<Record<keyof C, SQL>> = {};
  for (const [key, column] of Object.entries(columns) as [keyof C, Column][]) {
    if (!kept.includes(key)) set[key] = sql`excluded.${sql.identifier(column.name)}`;
  }
  return set;
}
