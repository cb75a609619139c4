import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.js';

describe('withStatementCache', () => {
  it('prepares a SQL text once and reads rows in the mode each caller asks for', () => {
    const db = new Database(':memory:');
    db.exec("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')");
    const cached = withStatementCache(db);
    const sql = 'SELECT a, b FROM t';
    const first = cached.prepare(sql);
    expect(cached.prepare(sql)).toBe(first);
    expect(first.raw().all()).toEqual([[1, 'x']]);
    expect(first.all()).toEqual([{ a: 1, b: 'x' }]);
    expect(first.raw().get()).toEqual([1, 'x']);
    expect(first.get()).toEqual({ a: 1, b: 'x' });
    // A write statement (no rows) runs as before; the rest of the connection is passed through.
    expect(cached.prepare('INSERT INTO t VALUES (2, ?)').run('y').changes).toBe(1);
    expect(cached.inTransaction).toBe(false);
    expect(cached.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});
