import path from 'node:path';
import { type Finding, severityRank } from '@scanrelay/findings-schema';
import { createStore } from '@scanrelay/storage';
import Database from 'better-sqlite3';

/** CPU time (user + system) of this process since `from`, in ms. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/**
 * Raw better-sqlite3: the same rows into the same migrated tables, prepared, one transaction. `layout`
 * `split` is the store's (the JSON in finding_data); `inline` is the layout before migration 0005 (the
 * JSON in a `data` column of findings, and its (project, tool, status) index), for comparison.
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
    db.exec('ALTER TABLE findings ADD COLUMN data text');
    db.exec('CREATE INDEX findings_project_tool_status_idx ON findings (project_id, tool, status)');
  }
  const insert =
    db.prepare(`INSERT INTO findings (id, tenant_id, project_id, fingerprint, tool, scanner, rule_id, severity,
    status, occurrences, content_hash, first_seen_at, last_seen_at, first_scan_id, last_scan_id, title, location_kind,
    locator, severity_rank${inline ? ', data' : ''})
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, '', ?, ?, 's', 's', ?, ?, ?, ?${inline ? ', ?' : ''})`);
  const insertData = db.prepare('INSERT INTO finding_data (finding_id, data) VALUES (?, ?)');
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
        f.occurrences,
        now,
        now,
        f.name,
        f.location?.kind ?? null,
        f.ruleId,
        severityRank[f.severity],
      ];
      if (inline) insert.run(...row, json);
      else {
        insert.run(...row);
        insertData.run(f.id, json);
      }
    }
  })();
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  db.close();
  return { ms, cpu };
}
