import type { KeyRow } from './list-key-rows.js';

const COLUMNS: [string, (r: KeyRow) => string][] = [
  ['ID', (r) => r.id],
  ['TENANT', (r) => r.tenant],
  ['NAME', (r) => r.name],
  ['PREFIX', (r) => `${r.prefix}…`],
  ['SCOPES', (r) => r.scopes.join(',')],
  ['CREATED', (r) => r.createdAt],
  ['LAST USED', (r) => r.lastUsedAt ?? '-'],
  ['REVOKED', (r) => r.revokedAt ?? '-'],
];

/** `keys list` as aligned columns, one key per line, with a header. */
export function formatKeyTable(rows: KeyRow[]): string {
  const cells = [COLUMNS.map(([title]) => title), ...rows.map((r) => COLUMNS.map(([, cell]) => cell(r)))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  return cells
    .map((line) =>
      line
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
