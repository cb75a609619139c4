import { describe, expectTypeOf, it } from 'vitest';
import type * as pg from '../src/schema/pg.js';
import type * as sqlite from '../src/schema/sqlite.js';

type Rows<S> = { [K in keyof S]: S[K] extends { $inferSelect: infer R } ? R : never };
type Inserts<S> = { [K in keyof S]: S[K] extends { $inferInsert: infer R } ? R : never };

// The stored shapes are derived from the SQLite rows and the repositories are typed with the
// PostgreSQL tables (src/drizzle-db.ts): both only hold while the two schemas give the same types.
// Checked by `tsc` (the typecheck), not at run time.
describe('the two drizzle schemas', () => {
  it('give the same row and insert types, table by table', () => {
    expectTypeOf<Rows<typeof sqlite>>().toEqualTypeOf<Rows<typeof pg>>();
    // job_logs.seq differs on insert only: SQLite's autoincrement may be given, PostgreSQL's identity may not.
    expectTypeOf<Omit<Inserts<typeof sqlite>, 'jobLogs'>>().toEqualTypeOf<
      Omit<Inserts<typeof pg>, 'jobLogs'>
    >();
  });
});
