import path from 'node:path';
import { type Finding, severityRank } from '@scanrelay/findings-schema';
import { createStore } from '@scanrelay/storage';
import Database from 'better-sqlite3';

/** CPU time (user + system) of this process since `from`, in ms. */
export const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/**
 * Raw better-sqlite3: the same rows into the same migrated tables, prepared, one transaction. `layout`
 * `split` is the store's (the JSON in finding_data, the last-seen marks in finding_seen); `inline` is
 * the layout before migration 0005 (the JSON in a `data` column of findings and its (project, tool,
 * status) index; the marks in findings with their (project, last seen) index, as before 0006), for
 * comparison.
 */
export async function rawInsert(
  dir: string,
  findings: Finding[],
  layout: 'split' | 'inline',
): Promise<{ ms: number; cpu: number }> {
  const file = path.join(dir, `raw-${layout}.db`);
  const store = await createStore(`file:${file}`);
  const t = await store.tenants.getOrCreate('raw');
  const p = await store.projects.getOrCreate(t.id, { name: 'raw' });
  await store.close();
  const db = new Database(file);
  // The store's own settings: WAL, synchronous=NORMAL, a 64 MiB page cache.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  const inline = layout === 'inline';
  if (inline) {
    for (const column of ['data text', 'occurrences integer', 'last_seen_at text', 'last_scan_id text'])
      db.exec(`ALTER TABLE findings ADD COLUMN ${column}`);
    db.exec('CREATE INDEX findings_project_tool_status_idx ON findings (project_id, tool, status)');
    db.exec('CREATE INDEX findings_project_last_seen_idx ON findings (project_id, last_seen_at, id)');
  }
  const insert =
    db.prepare(`INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity,
    status, content_hash, first_seen_at, first_scan_id, title, location_kind, locator, severity_rank
    ${inline ? ', occurrences, last_seen_at, last_scan_id, data' : ''})
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '', ?, 's', ?, ?, ?, ?${inline ? ", ?, ?, 's', ?" : ''})`);
  const insertData = db.prepare('INSERT INTO finding_data (finding_id, data) VALUES (?, ?)');
  const insertSeen = db.prepare(
    "INSERT INTO finding_seen (finding_id, project_id, occurrences, last_seen_at, last_scan_id) VALUES (?, ?, ?, ?, 's')",
  );
  const now = new Date().toISOString();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  db.transaction(() => {
    for (const f of findings) {
      const json = JSON.stringify(f);
      const row = [
        f.id,
        t.id,
        p.id,
        f.fingerprint,
        f.tool.name,
        f.tool.id,
        f.ruleId,
        f.severity,
        now,
        f.name,
        f.location?.kind ?? null,
        f.ruleId,
        severityRank[f.severity],
      ];
      if (inline) insert.run(...row, f.occurrences, now, json);
      else {
        insert.run(...row);
        insertData.run(f.id, json);
        insertSeen.run(f.id, p.id, f.occurrences, now);
      }
    }
  })();
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  db.close();
  return { ms, cpu };
}
