import path from 'node:path';
import { openIsolatedStore } from '@scanrelay/storage/testing';
import { fixturesDir, makeTempDir, need, pgUrl, runCli } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

const K8S = path.join(fixturesDir, 'defectdojo/trivy/kubernetes.json');
const K8S_SUBSET = path.join(fixturesDir, 'defectdojo/trivy/kubernetes_fabricated_subset.json');

interface Result {
  created: number;
  updated: number;
  unchanged: number;
  reopened: number;
  fixed: number;
  counts: Record<string, number>;
  project: string;
  scanId: string;
}

/** No DATABASE_URL from the developer's shell leaks into these runs. */
const env = { DATABASE_URL: '', SCANRELAY_DATA_DIR: '', SCANRELAY_DATABASE_SCHEMA: '' };

describe.runIf(need('fixtures'))('scanrelay import and migrate (SQLite)', () => {
  const tmp = makeTempDir('scanrelay-import-');
  afterAll(() => tmp.cleanup());

  it('migrates a new database, then says it is up to date', async () => {
    const dir = path.join(tmp.dir, 'migrate');
    const first = await runCli(['migrate', '--data-dir', dir], { env });
    expect(first.code, first.stderr).toBe(0);
    const all = [
      '0000_init',
      '0001_invicti_recovery',
      '0002_forwards',
      '0003_sast_results',
      '0004_triage',
      '0005_finding_data',
      '0006_finding_seen',
    ];
    expect(JSON.parse(first.stdout)).toMatchObject({ applied: all, current: all });
    const again = await runCli(['migrate', '--data-dir', dir], { env });
    expect(JSON.parse(again.stdout)).toMatchObject({ applied: [], current: all });
    expect(again.stderr).toContain('up to date');
  });

  it('imports a report, then its subset: the JSON result counts created, unchanged and fixed', async () => {
    const dir = path.join(tmp.dir, 'k8s');
    const first = await runCli(
      ['import', K8S, '--project', 'cluster', '--scanner-type', 'trivy', '--data-dir', dir],
      { env },
    );
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as Result;
    expect(a).toMatchObject({
      project: 'cluster',
      created: 20,
      updated: 0,
      unchanged: 0,
      reopened: 0,
      fixed: 0,
    });
    expect(a.counts).toEqual({ critical: 0, high: 0, medium: 6, low: 14, info: 0 });
    expect(first.stderr).toContain('trivy → cluster: 20 created');

    const second = await runCli(['import', K8S_SUBSET, '--project', 'cluster', '--data-dir', dir], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, unchanged: 13, fixed: 7 });

    const third = await runCli(
      ['import', K8S, '--project', 'cluster', '--mode', 'merge', '--data-dir', dir],
      { env },
    );
    expect(JSON.parse(third.stdout)).toMatchObject({ created: 0, unchanged: 13, reopened: 7, fixed: 0 });
  });

  it('--data-dir beats DATABASE_URL', async () => {
    const dir = path.join(tmp.dir, 'flag-wins');
    const r = await runCli(['import', K8S, '--project', 'p', '--data-dir', dir], {
      env: { ...env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ created: 20 });
  });

  it('exits 2 naming the setting for a bad mode or scanner', async () => {
    const dir = path.join(tmp.dir, 'bad');
    const mode = await runCli(['import', K8S, '--project', 'p', '--mode', 'replace', '--data-dir', dir], {
      env,
    });
    expect(mode.code).toBe(2);
    expect(mode.stderr).toContain('--mode: expected one of new, merge, delta, got "replace"');
    const scanner = await runCli(
      ['import', K8S, '--project', 'p', '--scanner-type', 'nessus', '--data-dir', dir],
      { env },
    );
    expect(scanner.code).toBe(2);
    expect(scanner.stderr).toContain('--scanner-type: unknown scanner "nessus"');
  });

  it('exits 2 for a missing file or a bad DATABASE_URL, and writes nothing', async () => {
    const dir = path.join(tmp.dir, 'bad');
    const file = await runCli(
      ['import', path.join(dir, 'missing.json'), '--project', 'p', '--data-dir', dir],
      { env },
    );
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('missing.json: no such file');
    const url = await runCli(['import', K8S, '--project', 'p'], {
      env: { ...env, DATABASE_URL: 'mysql://db/x' },
    });
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('DATABASE_URL: expected a database URL');
    const after = await runCli(['import', K8S, '--project', 'p', '--data-dir', dir], { env });
    expect(JSON.parse(after.stdout)).toMatchObject({ created: 20 });
  });
});

describe.runIf(need('fixtures') && need('postgres'))('scanrelay import (PostgreSQL via DATABASE_URL)', () => {
  it('imports into PostgreSQL and re-imports without duplicates', async () => {
    // A schema of its own: the CLI gets it through SCANRELAY_DATABASE_SCHEMA; cleanup drops it.
    const { store, schema, cleanup } = await openIsolatedStore(pgUrl);
    try {
      const pgEnv = { ...env, DATABASE_URL: pgUrl, SCANRELAY_DATABASE_SCHEMA: schema };
      const first = await runCli(['import', K8S, '--project', 'cluster'], { env: pgEnv });
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ created: 20 });
      const second = await runCli(['import', K8S, '--project', 'cluster'], { env: pgEnv });
      expect(JSON.parse(second.stdout)).toMatchObject({ created: 0, unchanged: 20, fixed: 0 });
      const tenant = await store.tenants.getByName('default');
      const project = await store.projects.getByName(tenant!.id, 'cluster');
      expect((await store.findings.counts(tenant!.id, { projectId: project!.id })).total).toBe(20);
    } finally {
      await cleanup();
    }
  });
});
