import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Logger, type ProcessUploadInput, processUpload, silentLogger } from '@scanrelay/core';
import type { Job } from '@scanrelay/queue';
import { createStore, type Store } from '@scanrelay/storage';
import { fixturesDir, makeTempDir, need } from '@scanrelay/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../src/run-job.js';

const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');

describe.runIf(need('fixtures'))('runJob with process-upload', () => {
  const tmp = makeTempDir('scanrelay-worker-');
  const uploadsDir = path.join(tmp.dir, 'uploads');
  let store: Store;
  let tenantId: string;
  const deps = (over: { logger?: Logger; handler?: typeof processUpload } = {}) => ({
    store,
    logger: over.logger ?? silentLogger,
    uploadsDir,
    handlers: { 'process-upload': over.handler ?? processUpload },
  });
  const uploadFile = async (jobId: string) =>
    path.join(uploadsDir, ((await store.jobs.getById(jobId))!.input as ProcessUploadInput).upload);
  const ctx = { signal: new AbortController().signal, extendLease: async () => {} };
  const message = (jobId: string, attempt = 1): Job => ({
    id: jobId,
    queue: 'scanrelay',
    name: 'process-upload',
    data: { jobId },
    attempt,
    maxAttempts: 3,
    state: 'active',
    createdAt: new Date().toISOString(),
    runAt: new Date().toISOString(),
  });
  async function uploadJob(content: { copy: string } | { text: string }): Promise<string> {
    mkdirSync(uploadsDir, { recursive: true });
    const upload = `${randomUUID()}.upload`;
    if ('copy' in content) copyFileSync(content.copy, path.join(uploadsDir, upload));
    else writeFileSync(path.join(uploadsDir, upload), content.text);
    const input: ProcessUploadInput = {
      upload,
      bytes: 1,
      scanner: 'trivy',
      project: 'svc',
      importType: 'merge',
    };
    return (await store.jobs.create({ tenantId, type: 'process-upload', input })).id;
  }
  const logOf = async (jobId: string) => (await store.jobLogs.list(tenantId, jobId)).map((l) => l.message);

  beforeAll(async () => {
    store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
    tenantId = (await store.tenants.getOrCreate('acme')).id;
  });
  afterAll(async () => {
    await store.close();
    tmp.cleanup();
  });

  it('ingests the report, logs each step, records the result and deletes the upload', async () => {
    const jobId = await uploadJob({ copy: TRIVY });
    const file = path.join(
      uploadsDir,
      ((await store.jobs.getById(jobId))!.input as ProcessUploadInput).upload,
    );
    await runJob(deps(), message(jobId), ctx);
    const job = await store.jobs.getById(jobId);
    expect(job).toMatchObject({
      status: 'completed',
      progress: 100,
      attempts: 1,
      result: { created: 5, total: 5, scanner: 'trivy', project: 'svc' },
    });
    expect(await logOf(jobId)).toEqual(
      expect.arrayContaining([
        'detected trivy',
        'parsed 5 findings',
        'forwarded to 0 destinations (none configured)',
      ]),
    );
    expect(existsSync(file)).toBe(false);
  });

  it('finishes a job whose earlier attempt ingested and then died, without the upload and without writing twice', async () => {
    const jobId = await uploadJob({ copy: TRIVY });
    await runJob(deps(), message(jobId), ctx);
    const first = await store.jobs.getById(jobId);
    await store.jobs.update(jobId, { status: 'running' });
    await runJob(deps(), message(jobId, 2), ctx);
    const second = await store.jobs.getById(jobId);
    expect(second).toMatchObject({
      status: 'completed',
      attempts: 2,
      result: { scanId: (first!.result as { scanId: string }).scanId, replayed: true },
    });
    expect(
      (await logOf(jobId)).filter((m) =>
        m.endsWith('(this scan was already ingested: nothing written again)'),
      ),
    ).toHaveLength(1);
    const findings = await store.findings.list(tenantId, {
      projectId: (first!.result as { projectId: string }).projectId,
    });
    expect(findings.items).toHaveLength(5);
  });

  it('skips a redelivery of a completed job', async () => {
    const jobId = await uploadJob({ copy: TRIVY });
    await runJob(deps(), message(jobId), ctx);
    await runJob(deps(), message(jobId, 2), ctx);
    expect(await store.jobs.getById(jobId)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('fails a broken report at once, with the parser’s reason, and does not retry', async () => {
    const jobId = await uploadJob({
      text: '{"SchemaVersion": 2, "Results": [{"Target": "x", "Vulnerabilities": [',
    });
    await expect(runJob(deps(), message(jobId), ctx)).resolves.toBeUndefined();
    const job = await store.jobs.getById(jobId);
    expect(job?.status).toBe('failed');
    expect(job?.error).toMatch(/trivy/);
    expect((await logOf(jobId)).at(-1)).toMatch(/^failed: /);
  });

  it('fails a job whose upload is gone', async () => {
    const jobId = await store.jobs.create({
      tenantId,
      type: 'process-upload',
      input: {
        upload: `${randomUUID()}.upload`,
        bytes: 1,
        scanner: 'trivy',
        project: 'svc',
        importType: 'merge',
      },
    });
    await runJob(deps(), message(jobId.id), ctx);
    expect(await store.jobs.getById(jobId.id)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/is gone/),
    });
  });

  it('deletes the upload of a job that failed for good', async () => {
    const jobId = await uploadJob({ text: '{"SchemaVersion": 2, "Results": [' });
    const file = await uploadFile(jobId);
    await runJob(deps(), message(jobId), ctx);
    expect((await store.jobs.getById(jobId))?.status).toBe('failed');
    expect(existsSync(file)).toBe(false);
  });

  it('keeps the upload for a retry, and deletes it when the last attempt dies', async () => {
    const jobId = await uploadJob({ copy: TRIVY });
    const file = await uploadFile(jobId);
    const handler = async () => {
      throw new Error('the database is restarting');
    };
    await expect(runJob(deps({ handler }), message(jobId, 1), ctx)).rejects.toThrow(/restarting/);
    expect((await store.jobs.getById(jobId))?.status).toBe('queued');
    expect(existsSync(file)).toBe(true);
    await expect(runJob(deps({ handler }), message(jobId, 3), ctx)).rejects.toThrow(/restarting/);
    expect((await store.jobs.getById(jobId))?.status).toBe('dead');
    expect(existsSync(file)).toBe(false);
  });

  it('logs one line when a job starts and one when it ends, with its outcome and duration', async () => {
    const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
    const record =
      (level: string) =>
      (message: string, fields?: Record<string, unknown>): void => {
        lines.push({ level, message, fields });
      };
    const logger: Logger = {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    };
    const ok = await uploadJob({ copy: TRIVY });
    await runJob(deps({ logger }), message(ok), ctx);
    const broken = await uploadJob({ text: '{"SchemaVersion": 2, "Results": [' });
    await runJob(deps({ logger }), message(broken), ctx);

    const jobLines = lines.filter((l) => l.message === 'job started' || l.message === 'job ended');
    expect(jobLines).toEqual([
      {
        level: 'info',
        message: 'job started',
        fields: expect.objectContaining({ jobId: ok, type: 'process-upload', attempt: 1 }),
      },
      {
        level: 'info',
        message: 'job ended',
        fields: expect.objectContaining({
          jobId: ok,
          type: 'process-upload',
          attempt: 1,
          outcome: 'completed',
          durationMs: expect.any(Number),
        }),
      },
      {
        level: 'info',
        message: 'job started',
        fields: expect.objectContaining({ jobId: broken, attempt: 1 }),
      },
      {
        level: 'error',
        message: 'job ended',
        fields: expect.objectContaining({
          jobId: broken,
          outcome: 'failed',
          error: expect.stringMatching(/trivy/),
        }),
      },
    ]);
  });
});
