import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, runCli, waitFor } from '@scanrelay/test-utils';
import type { RecordedImport } from '@scanrelay/testkit';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type Backend,
  CREDENTIALS,
  type ForwardE2eService,
  PHOENIX_BATCH_BYTES,
  PHOENIX_CLIENTS,
  startForwardE2eService,
  WEBHOOK_BATCH,
} from './forward-e2e-service.js';

const TRIVY = path.join(fixturesDir, 'defectdojo/trivy/scheme_2_many_vulns.json');
const ZAP = path.join(fixturesDir, 'defectdojo/zap/some_2.9.0.xml');

// biome-ignore lint/suspicious/noExplicitAny: API answers are read field by field
type Json = any;

/**
 * Forwarding end to end: `scanrelay serve` as a process (SQLite, or PostgreSQL + BullMQ) with the real
 * sinks, over loopback to the fake Phoenix, DefectDojo and webhook receiver; uploads by the CLI and the API.
 */
export function defineForwardE2eCases(backend: Backend): void {
  let svc: ForwardE2eService;
  let url = '';
  let apiKey = '';
  /** Every CLI run's output. */
  const cliOutput: string[] = [];
  /** Every API answer read: jobs, forwards, scans. */
  const answers: unknown[] = [];
  const phoenix = () => svc.phoenix;

  beforeAll(async () => {
    svc = await startForwardE2eService(backend);
    ({ url, apiKey } = svc);
  });

  afterAll(async () => {
    await svc?.close();
  });

  async function api(method: 'GET' | 'POST', p: string, body?: FormData): Promise<Json> {
    const res = await fetch(`${url}${p}`, { method, body, headers: { authorization: `Bearer ${apiKey}` } });
    const json = await res.json();
    answers.push(json);
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }

  async function upload(file: string, fields: Record<string, string>): Promise<string> {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set('file', new Blob([readFileSync(file)]), path.basename(file));
    return (await api('POST', '/api/v1/upload', form)).jobId as string;
  }

  /** The job once it completed and every one of its forwards is done or dead. */
  async function settled(jobId: string): Promise<Json> {
    const job = await waitFor(`job ${jobId} and its forwards to end`, async () => {
      const j = await api('GET', `/api/v1/jobs/${jobId}`);
      if (j.status === 'failed' || j.status === 'dead') throw new Error(`job ${j.status}: ${j.error}`);
      const ended = j.forwards?.every((f: Json) => f.status === 'done' || f.status === 'dead');
      return j.status === 'completed' && j.forwards?.length > 0 && ended ? j : undefined;
    });
    return job;
  }

  const forwardOf = (job: Json, name: string) => job.forwards.find((f: Json) => f.destination === name);
  const importsOf = (project: string, clientId = 'scanrelay-service') =>
    phoenix().imports.filter((i) => i.assessment.name === project && i.clientId === clientId);
  const findingsIn = (imports: RecordedImport[]) => imports.reduce((n, i) => n + i.findingCount, 0);
  const allFindings = (imports: RecordedImport[]) =>
    imports.flatMap((i) => i.assets.flatMap((a) => a.findings));

  /** `scanrelay upload --wait` against the service; its JSON answer. */
  async function cliUpload(args: string[], env: NodeJS.ProcessEnv = {}) {
    const res = await runCli(['upload', '--wait', ...args], {
      env: { SCANRELAY_API_URL: url, SCANRELAY_API_KEY: apiKey, ...env },
      cwd: svc.dir,
    });
    cliOutput.push(res.stdout, res.stderr);
    return { code: res.code, stderr: res.stderr, out: JSON.parse(res.stdout) as Json };
  }

  it('forwards a real Trivy and ZAP report to Phoenix, DefectDojo and a signed webhook, each as that platform expects', async () => {
    expect(svc.log()).toMatch(
      backend === 'postgres' ? /database postgres\S* .*queue bullmq/ : /scanrelay\.db, queue embedded/,
    );
    const dests = ['--destination', 'phoenix', '--destination', 'dojo', '--destination', 'hooks'];
    const [trivy, zap] = await Promise.all([
      cliUpload(['--file', TRIVY, '--scanner-type', 'trivy', '--project', 'shop-image', ...dests]),
      cliUpload(['--file', ZAP, '--scanner-type', 'zap', '--project', 'shop-site', ...dests]),
    ]);
    expect(trivy.code, trivy.stderr).toBe(0);
    expect(zap.code, zap.stderr).toBe(0);
    for (const up of [trivy, zap]) {
      expect(up.out.status).toBe('completed');
      expect(up.out.forwards.map((f: Json) => [f.destination, f.status]).sort()).toEqual([
        ['dojo', 'done'],
        ['hooks', 'done'],
        ['phoenix', 'done'],
      ]);
    }
    const trivyTotal = trivy.out.result.total as number;
    const zapTotal = zap.out.result.total as number;
    expect(trivyTotal).toBe(5);
    expect(zapTotal).toBeGreaterThan(0);

    // Phoenix: packages under the image (CONTAINER), alerts under the site (WEB), in bounded batches.
    const px = importsOf('shop-image');
    expect(new Set(px.map((i) => i.assessment.assetType))).toEqual(new Set(['CONTAINER']));
    expect(findingsIn(px)).toBe(trivyTotal);
    expect(px.length).toBeGreaterThan(1);
    for (const i of px) expect(i.bytes).toBeLessThanOrEqual(PHOENIX_BATCH_BYTES);
    // The first request carries the upload's import type; the rest add to it.
    expect(px.map((i) => i.importType)).toEqual(['merge', ...px.slice(1).map(() => 'delta')]);
    expect(forwardOf(trivy.out, 'phoenix')).toMatchObject({ sent: trivyTotal, batches: px.length });
    expect(new Set(px.flatMap((i) => i.assets.map((a) => Object.keys(a.attributes))).flat())).toEqual(
      new Set(['dockerfile']),
    );
    const pw = importsOf('shop-site');
    expect(new Set(pw.map((i) => i.assessment.assetType))).toEqual(new Set(['WEB']));
    expect(findingsIn(pw)).toBe(zapTotal);
    for (const a of pw.flatMap((i) => i.assets)) expect(a.attributes.fqdn).toMatch(/^[a-z0-9.-]+$/);
    const sent = [...allFindings(px), ...allFindings(pw)];
    for (const f of sent) {
      expect(['10.0', '8.0', '5.0', '2.0', '1.0']).toContain(f.severity);
      for (const cwe of (f.cwes as string[] | undefined) ?? []) expect(cwe).toMatch(/^CWE-\d+$/);
    }
    expect(sent.filter((f) => Array.isArray(f.cwes) && f.cwes.length > 0).length).toBeGreaterThan(0);
    expect(
      allFindings(px).some((f) =>
        (f.referenceIds as string[] | undefined)?.some((r) => r.startsWith('CVE-')),
      ),
    ).toBe(true);

    // DefectDojo: the original report, byte for byte, under DefectDojo's scan type names.
    const byType = (t: string) => svc.dojo.imports.filter((i) => i.fields.scan_type === t);
    const [dTrivy] = byType('Trivy Scan');
    const [dZap] = byType('ZAP Scan');
    expect(Buffer.from(dTrivy!.file).equals(readFileSync(TRIVY))).toBe(true);
    expect(Buffer.from(dZap!.file).equals(readFileSync(ZAP))).toBe(true);
    for (const d of [dTrivy!, dZap!]) {
      expect(d.fields).toMatchObject({
        product_name: 'shop',
        engagement_name: 'CI pipeline',
        auto_create_context: 'true',
        close_old_findings: 'false',
      });
      expect(d.createdTest).toBe(true);
      expect(d.endpoint).toBe('import-scan');
    }
    expect(forwardOf(trivy.out, 'dojo').remoteIds).toEqual([String(dTrivy!.testId)]);

    // The webhook receiver verified every delivery: batches of at most 2, then a summary with the totals.
    expect(svc.hooks.rejected).toEqual([]);
    for (const [scan, total] of [
      [trivy.out.result.scanId, trivyTotal],
      [zap.out.result.scanId, zapTotal],
    ] as const) {
      const events = svc.hooks.deliveries.filter((d) => d.payload.data?.scanId === scan);
      const batches = events.filter((d) => d.payload.type === 'findings.batch');
      const counts = batches.map((d) => d.payload.data?.count as number);
      expect(counts.every((c) => c >= 1 && c <= WEBHOOK_BATCH)).toBe(true);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(total);
      expect(batches.length).toBe(Math.ceil(total / WEBHOOK_BATCH));
      const summary = events.filter((d) => d.payload.type === 'findings.summary');
      expect(summary).toHaveLength(1);
      expect(summary[0]!.payload.data).toMatchObject({ total, batches: batches.length });
      expect(events.at(-1)?.payload.type).toBe('findings.summary');
    }

    // A second upload of the same scanner goes into the same DefectDojo test (reimport).
    const again = await settled(
      await upload(TRIVY, { scanner_type: 'trivy', project: 'shop-image', destinations: 'dojo' }),
    );
    expect(forwardOf(again, 'dojo').status).toBe('done');
    const trivyDojo = byType('Trivy Scan');
    expect(trivyDojo).toHaveLength(2);
    expect(trivyDojo[1]).toMatchObject({
      endpoint: 'reimport-scan',
      createdTest: false,
      testId: dTrivy!.testId,
    });
  });

  it('re-authenticates once when the Phoenix token expires mid-run', async () => {
    const before = phoenix().requests.length;
    svc.expireTokensAfterImports(phoenix().imports.length + 1);
    const job = await settled(
      await upload(ZAP, { scanner_type: 'zap', project: 'reauth', destinations: 'phoenix' }),
    );
    const requests = phoenix().requests.slice(before);
    expect(requests.filter((r) => r.status === 401).map((r) => r.path)).toEqual(['/v1/import/assets']);
    expect(requests.filter((r) => r.path === '/v1/auth/access_token').map((r) => r.status)).toEqual([
      200, 200,
    ]);
    expect(forwardOf(job, 'phoenix')).toMatchObject({ status: 'done', attempts: 1, sent: job.result.total });
    expect(findingsIn(importsOf('reauth'))).toBe(job.result.total);
    expect(importsOf('reauth').length).toBeGreaterThan(1);
  });

  it('splits a batch Phoenix refuses as too large and resends its halves', async () => {
    const largest = Math.max(...importsOf('shop-site').map((i) => i.bytes));
    phoenix().setMaxPayloadBytes(Math.floor(largest * 0.7));
    const before = phoenix().requests.length;
    try {
      const job = await settled(
        await upload(ZAP, { scanner_type: 'zap', project: 'shop-site', destinations: 'phoenix' }),
      );
      const tooLarge = phoenix()
        .requests.slice(before)
        .filter((r) => r.status === 413);
      expect(tooLarge.length).toBeGreaterThan(0);
      expect(forwardOf(job, 'phoenix')).toMatchObject({
        status: 'done',
        attempts: 1,
        sent: job.result.total,
      });
      const accepted = importsOf('shop-site').slice(-forwardOf(job, 'phoenix').batches);
      expect(findingsIn(accepted)).toBe(job.result.total);
      for (const i of accepted) expect(i.bytes).toBeLessThanOrEqual(Math.floor(largest * 0.7));
    } finally {
      phoenix().setMaxPayloadBytes(25 * 1024 * 1024);
    }
  });

  it('waits for Retry-After when Phoenix answers 429', async () => {
    phoenix().fail({ kind: 'status', status: 429, retryAfter: 1 }, { path: 'v1/import/assets' });
    const before = phoenix().requests.length;
    const job = await settled(
      await upload(TRIVY, { scanner_type: 'trivy', project: 'throttled', destinations: 'phoenix' }),
    );
    const statuses = phoenix()
      .requests.slice(before)
      .filter((r) => r.path === '/v1/import/assets');
    expect(statuses[0]?.status).toBe(429);
    expect(statuses.slice(1).every((r) => r.status === 200)).toBe(true);
    expect(svc.log()).toMatch(/phoenix: POST \/v1\/import\/assets answered 429; retrying in 1000 ms/);
    expect(forwardOf(job, 'phoenix')).toMatchObject({ status: 'done', attempts: 1, sent: job.result.total });
    expect(findingsIn(importsOf('throttled'))).toBe(job.result.total);
  });

  it('completes a forward once Phoenix is back from an outage, on the service schedule, ingesting once', async () => {
    const scansBefore = (await api('GET', '/api/v1/scans')).items.length as number;
    // Two sink attempts per request: the first forward attempt fails (503, 503), the second gets 503 then 200.
    phoenix().fail({ kind: 'status', status: 503 }, { path: 'v1/', count: 3 });
    const job = await settled(
      await upload(TRIVY, { scanner_type: 'trivy', project: 'outage', destinations: 'phoenix' }),
    );
    expect(job.attempts).toBe(1);
    expect(forwardOf(job, 'phoenix')).toMatchObject({ status: 'done', attempts: 2, sent: job.result.total });
    expect(forwardOf(job, 'phoenix').lastError).toBeUndefined();
    expect(findingsIn(importsOf('outage'))).toBe(job.result.total);
    const scans = (await api('GET', '/api/v1/scans')).items as Json[];
    expect(scans).toHaveLength(scansBefore + 1);
    const jobs = (await api('GET', '/api/v1/jobs')).items as Json[];
    expect(jobs.filter((j) => j.result?.scanId === job.result.scanId)).toHaveLength(1);
  });

  it('keeps two Phoenix clients of one batch file apart (upload-batch, secrets from the environment)', async () => {
    const batchFile = path.join(svc.dir, 'batch-multi-client.yaml');
    writeFileSync(
      batchFile,
      [
        'batches:',
        '  - name: "Client A - Production"',
        '    scanner_type: trivy',
        '    phoenix_client_id: client-a-prod',
        `    phoenix_api_url: ${phoenix().url}`,
        '    files:',
        `      - ${TRIVY}`,
        '  - name: "Client B - Staging"',
        '    scanner_type: zap',
        '    phoenix_client_id: client-b-staging',
        `    phoenix_api_url: ${phoenix().url}`,
        '    phoenix_client_secret_env: CLIENT_B_PHOENIX_SECRET',
        '    files:',
        `      - ${ZAP}`,
      ].join('\n'),
    );
    const report = path.join(svc.dir, 'batch-report.json');
    const res = await runCli(['upload-batch', '--batch-config', batchFile, '--report', report], {
      env: {
        SCANRELAY_API_URL: url,
        SCANRELAY_API_KEY: apiKey,
        PHOENIX_CLIENT_SECRET: CREDENTIALS.clientA,
        CLIENT_B_PHOENIX_SECRET: CREDENTIALS.clientB,
      },
      cwd: svc.dir,
    });
    cliOutput.push(res.stdout, res.stderr);
    expect(res.code, res.stderr).toBe(0);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    cliOutput.push(JSON.stringify(written));
    expect(written.summary.success_rate).toBe(1);
    const jobs = await Promise.all((written.items as Json[]).map((i) => settled(i.jobId)));
    for (const j of jobs) expect(forwardOf(j, 'phoenix').status).toBe('done');
    const [a, b] = jobs;
    const ofA = phoenix().imports.filter((i) => i.clientId === 'client-a-prod');
    const ofB = phoenix().imports.filter((i) => i.clientId === 'client-b-staging');
    expect(findingsIn(ofA)).toBe(a.result.total);
    expect(findingsIn(ofB)).toBe(b.result.total);
    expect(new Set(ofA.map((i) => i.assessment.assetType))).toEqual(new Set(['CONTAINER']));
    expect(new Set(ofB.map((i) => i.assessment.assetType))).toEqual(new Set(['WEB']));
    const namesA = new Set(allFindings(ofA).map((f) => JSON.stringify(f)));
    expect(allFindings(ofB).filter((f) => namesA.has(JSON.stringify(f)))).toEqual([]);
    // Each client's token was asked for with its own Basic credentials and used only for its own imports.
    const tokenCalls = phoenix().requests.filter(
      (r) => r.path === '/v1/auth/access_token' && r.status === 200,
    );
    expect(tokenCalls.map((r) => r.clientId)).toEqual(
      expect.arrayContaining(['client-a-prod', 'client-b-staging']),
    );
  });

  it('dead-letters a Phoenix forward whose credentials are refused, and the CLI says so (exit 1)', async () => {
    const up = await cliUpload(
      ['--file', TRIVY, '--scanner-type', 'trivy', '--project', 'refused', '--destination', 'phoenix'],
      {
        PHOENIX_CLIENT_ID: 'client-a-prod',
        PHOENIX_CLIENT_SECRET: CREDENTIALS.wrong,
        PHOENIX_API_URL: phoenix().url,
      },
    );
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('a destination gave up');
    const [forward] = up.out.forwards as Json[];
    expect(forward).toMatchObject({ destination: 'phoenix', status: 'dead', attempts: 1, sent: 0 });
    expect(forward.lastError).toMatch(/401/);
    expect(importsOf('refused', 'client-a-prod')).toEqual([]);
    answers.push(await api('GET', '/api/v1/forwards?status=dead'));
  });

  it('never shows a credential in a log line, a job, a forward view, an error or the CLI output', async () => {
    for (const j of (await api('GET', '/api/v1/jobs')).items as Json[]) {
      answers.push(await api('GET', `/api/v1/jobs/${j.id}`));
      if (j.result?.scanId) answers.push(await api('GET', `/api/v1/scans/${j.result.scanId}/forwards`));
      const logs = await fetch(`${url}/api/v1/jobs/${j.id}/logs`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      answers.push(await logs.text());
    }
    expect(svc.log()).toMatch(/forward done/);
    const basic = (id: keyof typeof PHOENIX_CLIENTS | 'client-a-prod') =>
      Buffer.from(`${id}:${PHOENIX_CLIENTS[id]}`).toString('base64');
    const secrets = [
      ...Object.values(CREDENTIALS),
      CREDENTIALS.webhook.slice('whsec_'.length),
      apiKey,
      basic('scanrelay-service'),
      basic('client-a-prod'),
      basic('client-b-staging'),
    ];
    const seen = { serviceLog: svc.log(), cli: cliOutput.join('\n'), answers: JSON.stringify(answers) };
    for (const [where, text] of Object.entries(seen))
      for (const s of secrets) expect(text.includes(s), `${where} holds a credential`).toBe(false);
  });
}
