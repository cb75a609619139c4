import type Database from 'better-sqlite3';

/** Distinct SQL texts kept prepared per connection (the repositories use a few hundred). */
const MAX_STATEMENTS = 1000;

type Params = unknown[];

/**
 * A prepared statement shared by every query with its SQL text. Each call sets the row mode it
 * needs, so a statement that one caller read as arrays (`raw()`) reads as objects for the next.
 */
class SharedStatement {
  constructor(readonly stmt: Database.Statement) {}

  get reader(): boolean {
    return this.stmt.reader;
  }

  run(...params: Params): Database.RunResult {
    return this.stmt.run(...params);
  }

  all(...params: Params): unknown[] {
    return (this.stmt.reader ? this.stmt.raw(false) : this.stmt).all(...params);
  }

  get(...params: Params): unknown {
    return (this.stmt.reader ? this.stmt.raw(false) : this.stmt).get(...params);
  }

  raw(on = true): { all(...p: Params): unknown[]; get(...p: Params): unknown } {
    const stmt = this.stmt;
    return {
      all: (...p) => stmt.raw(on).all(...p),
      get: (...p) => stmt.raw(on).get(...p),
    };
  }
}

/**
 * The connection as drizzle sees it, with `prepare` cached: drizzle prepares every query it runs
 * again, and compiling the SQL was the largest single cost of a webhook's transaction. The rest of
 * the connection is passed through.
 */
export function withStatementCache(db: Database.Database): Database.Database {
  const cache = new Map<string, SharedStatement>();
  const prepare = (sql: string): SharedStatement => {
    let s = cache.get(sql);
    if (s) {
      // Least recently used first out: move it to the end.
      cache.delete(sql);
    } else {
      s = new SharedStatement(db.prepare(sql));
      if (cache.size >= MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
    }
    cache.set(sql, s);
    return s;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
