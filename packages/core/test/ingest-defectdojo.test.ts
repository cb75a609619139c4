import path from 'node:path';
import { ParseInput, parseReport } from '@scanrelay/parsers';
import type { Store } from '@scanrelay/storage';
import { fixturesDir, need } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestMode, ingest } from '../src/index.js';
import { backends } from './backends.js';

/**
 * DefectDojo's reimport and close-old-findings scenarios (unittests/test_importers_deduplication.py,
 * test_importers_closeold.py), replayed through scanrelay's ingest. Where our counts differ from
 * DefectDojo's, the test says why.
 */
const hasFixtures = need('fixtures');

for (const backend of backends) {
  describe.runIf(backend.enabled && hasFixtures)(`DefectDojo reimport scenarios on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenant: string;

    const importFile = async (
      project: string,
      file: string,
      scannerType: 'trivy' | 'semgrep',
      mode: IngestMode = 'new',
    ) => {
      const { scanner, findings } = await parseReport(
        new ParseInput({ path: path.join(fixturesDir, 'defectdojo', file) }),
        {
          scannerType,
        },
      );
      return ingest(store, {
        tenant,
        project,
        scan: { provider: scanner, kind: 'sca' },
        findings,
        mode,
        scanner,
      });
    };
    const statuses = async (project: string) => {
      const p = await store.projects.getByName(tenant, project);
      const counts = await store.findings.counts(tenant, { projectId: p!.id });
      const sum = (s: keyof typeof counts) =>
        s === 'total' ? counts.total : Object.values(counts[s]).reduce((a, b) => a + b, 0);
      return { open: sum('open'), fixed: sum('fixed'), total: counts.total };
    };

    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenant = (await store.tenants.getOrCreate('defectdojo')).id;
    });
    afterAll(() => cleanup?.());

    it('trivy kubernetes.json, then its 13-finding subset: nothing new, 13 matched, the other 7 fixed', async () => {
      const first = await importFile('k8s', 'trivy/kubernetes.json', 'trivy');
      expect(first).toMatchObject({ read: 20, created: 20, duplicates: 0 });
      // DefectDojo: "13 duplicates in the second test" — here the 13 are the same findings, unchanged.
      const second = await importFile('k8s', 'trivy/kubernetes_fabricated_subset.json', 'trivy');
      expect(second).toMatchObject({
        read: 13,
        created: 0,
        unchanged: 13,
        updated: 0,
        reopened: 0,
        fixed: 7,
      });
      expect(await statuses('k8s')).toEqual({ open: 13, fixed: 7, total: 20 });
      // The full report again: the 7 come back.
      const third = await importFile('k8s', 'trivy/kubernetes.json', 'trivy');
      expect(third).toMatchObject({ created: 0, unchanged: 13, reopened: 7, fixed: 0 });
      expect(await statuses('k8s')).toEqual({ open: 20, fixed: 0, total: 20 });
    });

    it('trivy internal duplicates, then their subset: duplicates merge into occurrences', async () => {
      // 13 entries, 9 distinct: the file repeats 4 entries word for word (CVE-2020-27350, CVE-2011-3374,
      // CVE-2019-18276 and KSV001, same package, version and resource); each becomes one finding with 2
      // occurrences. DefectDojo's test counts 3 duplicates, with its own hash fields for Trivy.
      const first = await importFile(
        'k8s-dups',
        'trivy/kubernetes_fabricated_internal_duplicates.json',
        'trivy',
      );
      expect(first).toMatchObject({ read: 13, total: 9, created: 9, duplicates: 4 });
      // DefectDojo: "5 duplicates in the second test" — all 5 entries match; here they are 3 findings
      // (2 entries repeat), none new, and `new` closes the 6 the subset no longer has.
      const second = await importFile(
        'k8s-dups',
        'trivy/kubernetes_fabricated_internal_duplicates_subset.json',
        'trivy',
      );
      expect(second).toMatchObject({ read: 5, total: 3, duplicates: 2, created: 0, unchanged: 3, fixed: 6 });
      expect(await statuses('k8s-dups')).toEqual({ open: 3, fixed: 6, total: 9 });
      const p = await store.projects.getByName(tenant, 'k8s-dups');
      const open = await store.findings.list(tenant, { projectId: p!.id, status: 'open' });
      expect(open.items.reduce((a, f) => a + f.occurrences, 0)).toBe(5);
    });

    it('semgrep close_old_findings, run in order: a moved line keeps its identity, a new fingerprint closes the old', async () => {
      const run1 = await importFile('brute', 'semgrep/close_old_findings_report_line31.json', 'semgrep');
      expect(run1).toMatchObject({ created: 1, fixed: 0 });
      // Same semgrep fingerprint, line 31 -> 24. DefectDojo "creates 1, closes 0": its new finding is
      // marked a duplicate of the first; here it is the first finding, updated to line 24.
      const run2 = await importFile(
        'brute',
        'semgrep/close_old_findings_report_second_run_line24.json',
        'semgrep',
      );
      expect(run2).toMatchObject({ created: 0, updated: 1, fixed: 0 });
      const p = await store.projects.getByName(tenant, 'brute');
      const [moved] = (await store.findings.list(tenant, { projectId: p!.id })).items;
      expect(moved?.finding.location).toMatchObject({
        kind: 'source',
        file: 'sample/brute.py',
        startLine: 24,
      });
      expect(moved?.firstScanId).toBe(run1.scanId);
      // A different fingerprint: DefectDojo "creates 1, closes 1"; so does scanrelay.
      const run3 = await importFile(
        'brute',
        'semgrep/close_old_findings_report_third_run_different_unique_id.json',
        'semgrep',
      );
      expect(run3).toMatchObject({ created: 1, fixed: 1 });
      expect(await statuses('brute')).toEqual({ open: 1, fixed: 1, total: 2 });
    });
  });
}
