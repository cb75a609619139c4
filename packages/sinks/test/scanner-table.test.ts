import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCANNER_IDS } from '@scanrelay/parsers';
import { repoRoot } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defectDojoScanType } from '../src/defectdojo/defectdojo-scan-type.js';
import { phoenixScanType } from '../src/phoenix/phoenix-scan-types.js';

/**
 * The parsers README's table of every format names the DefectDojo scan type and the Phoenix label each
 * scanner's reports are forwarded under: the names the sinks send. It must say what they do.
 */
const readme = readFileSync(path.join(repoRoot, 'packages/parsers/README.md'), 'utf8');
const rows = new Map(
  [...readme.matchAll(/^\| `([a-z0-9-]+)` \|(.*)\|$/gm)].map((m) => {
    const cells = (m[2] ?? '').split(' | ').map((c) => c.trim());
    return [m[1] ?? '', { defectDojo: cells.at(-2) ?? '', phoenix: cells.at(-1) ?? '' }];
  }),
);

/** Heads of the report variants the scan-type rules tell apart. */
const HEADS = [
  '{"SchemaVersion": 2}',
  '<?xml version="1.0"?><report/>',
  '[{"filePath": "a.js"}]',
  '{"findings": []}',
  '{"auditReportVersion": 2}',
  '{"advisories": {}}',
  '{"Generated": "x", "Vulnerabilities": []}',
  '{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "runs": []}',
  'Name: rack\nVersion: 2.0.1',
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sinks-table-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the parsers README table of every format', () => {
  it('has one row per scanner id', () => {
    expect([...rows.keys()].sort()).toEqual([...SCANNER_IDS].sort());
  });

  it.each([...SCANNER_IDS])(
    '%s: names the DefectDojo scan types and the Phoenix label the sinks send',
    async (id) => {
      const row = rows.get(id)!;
      const dojo = new Set(HEADS.map((h) => defectDojoScanType(id, h)).filter((n) => n !== undefined));
      for (const name of dojo) expect(row.defectDojo, `${id}: DefectDojo column`).toContain(name);
      if (dojo.size === 0)
        expect(row.defectDojo, `${id}: DefectDojo column`).toMatch(/^(—|Generic Findings Import)/);
      const labels = new Set<string>();
      for (const [i, head] of HEADS.entries()) {
        const report = path.join(dir, `${id}-${i}`);
        await writeFile(report, head);
        const label = await phoenixScanType({ scanner: id, reportPath: report }, 'phoenix');
        if (label) labels.add(label);
      }
      if (labels.size === 0) expect(row.phoenix, `${id}: Phoenix column`).toBe('—');
      else expect([...labels], `${id}: Phoenix column`).toContain(row.phoenix);
    },
  );
});
