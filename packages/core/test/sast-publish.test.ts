import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCoreError, RateLimitedError } from '../src/core-error.js';
import { publishProject } from '../src/sast/publish-project.js';
import { type SastConfigInput, sastConfigSchema } from '../src/sast/sast-config.js';
import type { SastDeps } from '../src/sast/sast-types.js';
import { backends } from './backends.js';

const REPO = 'https://github.com/acme/skill.git';
/** Host names resolve without DNS: `internal.example` to a private address, everything else to a public one. */
const lookup = async (host: string) =>
  host === 'internal.example'
    ? [{ address: '10.0.0.5', family: 4 }]
    : [{ address: '140.82.112.3', family: 4 }];
const MINUTE = 60_000;
let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 8)}`;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`publishProject on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let tenantId: string;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
      tenantId = (await store.tenants.getOrCreate('publish-tenant')).id;
    });
    afterAll(() => cleanup?.());

    const deps = (config: SastConfigInput = {}, extra: Partial<SastDeps> = {}): SastDeps => ({
      store,
      config: sastConfigSchema.parse(config),
      enqueue: (job) => store.jobs.create(job),
      outbound: {},
      lookup,
      ...extra,
    });
    const twoLocal: SastConfigInput = { providers: [{ provider: 'patterns' }, { provider: 'semgrep' }] };
    const activeScans = async (project: string) => {
      const p = await store.projects.getByName(tenantId, project);
      if (!p) return [];
      const page = await store.scans.list(tenantId, { projectId: p.id, kind: 'sast', limit: 100 });
      return page.items;
    };

    it('creates a pending scan per configured provider and queues a sast-scan job with the scan request', async () => {
      const project = unique('skill');
      const answer = await publishProject(deps(twoLocal), {
        tenantId,
        project,
        repoUrl: REPO,
        ref: 'v1.2.0',
      });
      expect(answer).toMatchObject({ project, repoUrl: REPO, ref: 'v1.2.0', skipped: [] });
      expect(answer.scans.map((s) => [s.provider, s.backend, s.status])).toEqual([
        ['patterns', 'local', 'pending'],
        ['semgrep', 'local', 'pending'],
      ]);
      for (const s of answer.scans) {
        expect(s.jobId).toBe(s.scanId);
        const scan = await store.scans.get(tenantId, s.scanId);
        expect(scan).toMatchObject({
          project,
          provider: s.provider,
          kind: 'sast',
          status: 'pending',
          target: REPO,
        });
        const job = await store.jobs.get(tenantId, s.scanId);
        expect(job).toMatchObject({ type: 'sast-scan', status: 'queued' });
        expect(job?.input).toEqual({
          scanId: s.scanId,
          project,
          provider: s.provider,
          repoUrl: REPO,
          ref: 'v1.2.0',
        });
      }
      const stored = await store.projects.getByName(tenantId, project);
      expect(stored?.repoUrl).toBe(REPO);
    });

    it('scans only the providers asked for, and refuses one that is not configured, naming the configured ones', async () => {
      const project = unique('skill');
      const answer = await publishProject(deps(twoLocal), {
        tenantId,
        project,
        repoUrl: REPO,
        providers: ['semgrep', 'semgrep'],
      });
      expect(answer.scans.map((s) => s.provider)).toEqual(['semgrep']);
      expect(answer.ref).toBeUndefined();
      const job = await store.jobs.get(tenantId, answer.scans[0]!.scanId);
      expect(job?.input).not.toHaveProperty('ref');
      const e = await publishProject(deps(twoLocal), {
        tenantId,
        project: unique('skill'),
        repoUrl: REPO,
        providers: ['patterns', 'trufflehog'],
      }).catch((x: unknown) => x);
      expect(isCoreError(e) && e.code).toBe('invalid_input');
      expect((e as Error).message).toContain('"trufflehog" is not configured; configured: patterns, semgrep');
    });

    it('skips a provider whose scan is still pending, and says since when', async () => {
      const project = unique('skill');
      const first = await publishProject(deps(twoLocal), { tenantId, project, repoUrl: REPO });
      const second = await publishProject(deps(twoLocal), { tenantId, project, repoUrl: REPO });
      expect(second.scans).toEqual([]);
      expect(second.skipped).toHaveLength(2);
      const patterns = first.scans.find((s) => s.provider === 'patterns')!;
      const scan = await store.scans.get(tenantId, patterns.scanId);
      expect(second.skipped[0]).toEqual({
        provider: 'patterns',
        reason: 'pending',
        scanId: patterns.scanId,
        detail: `a patterns scan is already pending since ${scan?.createdAt}`,
      });
      expect(await activeScans(project)).toHaveLength(2);
    });

    it('no longer skips a scan pending for 21 minutes: it is recorded timed_out and a new one dispatched', async () => {
      const project = unique('skill');
      const config: SastConfigInput = { providers: [{ provider: 'patterns' }] };
      const first = await publishProject(deps(config), { tenantId, project, repoUrl: REPO });
      const old = first.scans[0]!;
      const later = deps(config, { now: () => new Date(Date.now() + 21 * MINUTE) });
      const again = await publishProject(later, { tenantId, project, repoUrl: REPO });
      expect(again.skipped).toEqual([]);
      expect(again.scans).toHaveLength(1);
      expect(again.scans[0]?.scanId).not.toBe(old.scanId);
      const stale = await store.scans.get(tenantId, old.scanId);
      expect(stale?.status).toBe('timed_out');
      expect(stale?.statusDetail).toContain('no result within 20 minutes');
      expect((await store.scans.get(tenantId, again.scans[0]!.scanId))?.status).toBe('pending');
    });

    it('refuses the 101st dispatch of an hour with a Retry-After, creating nothing, and accepts again the next hour', async () => {
      // An hour of its own (a few days ahead), so the other tests' dispatches do not count; half past it.
      const hour = Math.floor(Date.now() / (60 * MINUTE)) * 60 * MINUTE + 24 * 60 * MINUTE * 3;
      const at = (ms: number) => deps(twoLocal, { now: () => new Date(hour + ms) });
      const half = at(30 * MINUTE);
      const early = unique('rl');
      await publishProject(half, { tenantId, project: early, repoUrl: REPO });
      for (let i = 0; i < 48; i++)
        await publishProject(half, { tenantId, project: unique('rl'), repoUrl: REPO });
      // 98 taken: two more fit, then the 101st is refused.
      await publishProject(half, { tenantId, project: unique('rl'), repoUrl: REPO, providers: ['patterns'] });
      const twoOver = unique('rl');
      const refusedPair = await publishProject(half, { tenantId, project: twoOver, repoUrl: REPO }).catch(
        (x: unknown) => x,
      );
      expect(refusedPair).toBeInstanceOf(RateLimitedError);
      // Nothing was taken by the refused pair: the 100th still fits.
      await publishProject(half, { tenantId, project: unique('rl'), repoUrl: REPO, providers: ['semgrep'] });
      const over = unique('rl');
      const e = await publishProject(half, {
        tenantId,
        project: over,
        repoUrl: REPO,
        providers: ['patterns'],
      }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(RateLimitedError);
      expect(e).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 * 60 });
      expect((e as Error).message).toContain('at most 100 SAST dispatches per hour');
      expect(await store.projects.getByName(tenantId, over)).toBeUndefined();
      expect(await store.projects.getByName(tenantId, twoOver)).toBeUndefined();
      // A publish whose providers are all still in flight takes nothing, so the spent budget does not refuse it.
      const patient = deps(
        { ...twoLocal, timeoutMs: 7 * 24 * 60 * MINUTE },
        { now: () => new Date(hour + 30 * MINUTE) },
      );
      const skippedOnly = await publishProject(patient, { tenantId, project: early, repoUrl: REPO });
      expect(skippedOnly.scans).toEqual([]);
      expect(skippedOnly.skipped.map((s) => s.reason)).toEqual(['pending', 'pending']);
      const last = at(60 * MINUTE - 200);
      const e2 = await publishProject(last, { tenantId, project: over, repoUrl: REPO }).catch(
        (x: unknown) => x,
      );
      expect(e2).toMatchObject({ retryAfterSeconds: 1 });
      const next = await publishProject(at(60 * MINUTE), { tenantId, project: over, repoUrl: REPO });
      expect(next.scans).toHaveLength(2);
    });

    it.each([
      [
        'credentials',
        'https://user:s3cret@github.com/acme/skill.git',
        'repoUrl: repository URL refused: credentials',
      ],
      ['file://', 'file:///etc/passwd', 'repoUrl: repository URL refused: expected an https URL, got file'],
      ['ext:: transport', 'ext::sh -c touch% /tmp/pwned', 'repoUrl: repository URL refused'],
      ['a private address', 'https://10.1.2.3/acme/skill.git', 'repoUrl: repository URL refused: 10.1.2.3'],
      ['a name of a private address', 'https://internal.example/skill.git', 'resolves to 10.0.0.5'],
      ['loopback', 'https://localhost/skill.git', 'names the local host'],
      ['plain http', 'http://github.com/acme/skill.git', 'expected an https URL, got http'],
    ])(
      'refuses a repository URL with %s as invalid_input, writing nothing',
      async (_what, repoUrl, message) => {
        const project = unique('bad');
        const e = await publishProject(deps(), { tenantId, project, repoUrl }).catch((x: unknown) => x);
        expect(isCoreError(e) && e.code).toBe('invalid_input');
        expect((e as Error).message).toContain(message);
        expect((e as Error).message).not.toContain('s3cret');
        expect(await store.projects.getByName(tenantId, project)).toBeUndefined();
      },
    );

    it.each([
      ['an option', '--upload-pack=touch /tmp/pwned', 'ref: ref refused: it starts with "-"'],
      ['a dotted path', 'main/../../x', 'ref: ref refused: it contains ".."'],
      ['a space', 'main branch', 'ref: ref refused: only letters'],
    ])('refuses a ref that is %s as invalid_input', async (_what, ref, message) => {
      const project = unique('bad');
      const e = await publishProject(deps(), { tenantId, project, repoUrl: REPO, ref }).catch(
        (x: unknown) => x,
      );
      expect(isCoreError(e) && e.code).toBe('invalid_input');
      expect((e as Error).message).toContain(message);
      expect(await store.projects.getByName(tenantId, project)).toBeUndefined();
    });

    it('refuses a project name that is not one', async () => {
      const e = await publishProject(deps(), { tenantId, project: '..', repoUrl: REPO }).catch(
        (x: unknown) => x,
      );
      expect(isCoreError(e) && e.code).toBe('invalid_input');
      expect((e as Error).message).toContain('project: a project name cannot be "." or ".."');
    });

    it('creates exactly one pending scan per provider when publishes of one project race', async () => {
      const project = unique('race');
      const racers = await Promise.all(
        Array.from({ length: 8 }, () => publishProject(deps(twoLocal), { tenantId, project, repoUrl: REPO })),
      );
      const scans = await activeScans(project);
      expect(scans.map((s) => [s.provider, s.status]).sort()).toEqual([
        ['patterns', 'pending'],
        ['semgrep', 'pending'],
      ]);
      const dispatched = racers.flatMap((a) => a.scans);
      expect(dispatched.map((s) => s.scanId).sort()).toEqual(scans.map((s) => s.id).sort());
      expect(racers.flatMap((a) => a.skipped)).toHaveLength(8 * 2 - 2);
      for (const skip of racers.flatMap((a) => a.skipped)) {
        expect(scans.map((s) => s.id)).toContain(skip.scanId);
        expect(skip.reason).toBe('pending');
      }
      const jobs = await store.jobs.list(tenantId, { type: 'sast-scan', limit: 200 });
      expect(jobs.items.filter((j) => scans.some((s) => s.id === j.id))).toHaveLength(2);
    });
  });
}
