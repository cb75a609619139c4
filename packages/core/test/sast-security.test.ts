import type { Store } from '@scanrelay/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveScanResult } from '../src/sast/receive-scan-result.js';
import { commitUrl, fileUrl } from '../src/sast/repo-links.js';
import { readProjectSecurity } from '../src/sast/security-view.js';
import { backends } from './backends.js';
import {
  COMMIT_A,
  dispatchScan,
  finding,
  REPO,
  resultFor,
  type SastFixture,
  sastFixture,
  signed,
} from './sast-results-support.js';

describe('repository links', () => {
  const sha = COMMIT_A;
  it('links commits and files on GitHub, GitLab, Bitbucket and other https hosts', () => {
    expect(commitUrl('https://github.com/acme/widget.git', sha)).toBe(
      `https://github.com/acme/widget/commit/${sha}`,
    );
    expect(fileUrl('https://github.com/acme/widget', sha, 'src/a b.js', 12)).toBe(
      `https://github.com/acme/widget/blob/${sha}/src/a%20b.js#L12`,
    );
    expect(commitUrl('https://gitlab.com/group/sub/widget.git/', sha)).toBe(
      `https://gitlab.com/group/sub/widget/-/commit/${sha}`,
    );
    expect(fileUrl('https://gitlab.com/group/widget', sha, './lib/x.py', 3)).toBe(
      `https://gitlab.com/group/widget/-/blob/${sha}/lib/x.py#L3`,
    );
    expect(commitUrl('https://bitbucket.org/team/widget.git', sha)).toBe(
      `https://bitbucket.org/team/widget/commits/${sha}`,
    );
    expect(fileUrl('https://bitbucket.org/team/widget', sha, 'x.sh', 9)).toBe(
      `https://bitbucket.org/team/widget/src/${sha}/x.sh#lines-9`,
    );
    expect(commitUrl('https://git.example.org/acme/widget', sha)).toBe(
      `https://git.example.org/acme/widget/commit/${sha}`,
    );
    expect(fileUrl('https://github.com/acme/widget', sha, 'README.md')).toBe(
      `https://github.com/acme/widget/blob/${sha}/README.md`,
    );
  });

  it('gives no link for a repository that is not http(s), or a path that leaves it', () => {
    expect(commitUrl('ssh://git@github.com/acme/widget.git', COMMIT_A)).toBeUndefined();
    expect(commitUrl('git@github.com:acme/widget.git', COMMIT_A)).toBeUndefined();
    expect(commitUrl('file:///srv/widget.git', COMMIT_A)).toBeUndefined();
    expect(fileUrl(REPO, COMMIT_A, '../../etc/passwd', 1)).toBeUndefined();
    expect(commitUrl('https://user:token@github.com/acme/widget.git', COMMIT_A)).toBe(
      `https://github.com/acme/widget/commit/${COMMIT_A}`,
    );
  });
});

const MINUTE = 60_000;

for (const backend of backends) {
  describe.runIf(backend.enabled)(`a project's security view on ${backend.name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let f: SastFixture;
    beforeAll(async () => {
      ({ store, cleanup } = await backend.open());
    });
    afterAll(() => cleanup?.());
    beforeAll(async () => {
      f = await sastFixture(store);
    });
    const read = (project: string, config = {}) =>
      readProjectSecurity(f.deps({ providers: [{ provider: 'semgrep' }], ...config }), {
        tenantId: f.tenantId,
        project,
      });

    it('shows each provider’s result, the commit link, the blocklist and the findings by severity', async () => {
      const scan = await dispatchScan(f, 'sec view');
      const result = resultFor(scan, [
        finding('semgrep', 'weak-hash', 'src/hash.js', 'low', 4),
        finding('semgrep', 'eval-injection', 'src/app.js', 'critical', 12),
        finding('semgrep', 'xss', 'src/view.js', 'high', 30),
      ]);
      await receiveScanResult(f.deps(), signed(result, { at: f.clock.now() }));
      const view = await read('sec view');
      expect(view).toMatchObject({
        project: 'sec view',
        repoUrl: REPO,
        verdict: 'fail',
        blocked: true,
        blocklist: [expect.objectContaining({ reason: 'semgrep found 1 critical findings' })],
        counts: { critical: 1, high: 1, medium: 0, low: 1, info: 0 },
        findingsTruncated: false,
        pagePath: '/projects/sec%20view/security',
      });
      expect(view.providers).toEqual([
        {
          provider: 'semgrep',
          status: 'completed',
          scanId: scan.id,
          dispatchedAt: scan.createdAt,
          resultScanId: scan.id,
          verdict: 'fail',
          counts: result.counts,
          score: result.score,
          commitSha: COMMIT_A,
          commitUrl: `https://github.com/acme/widget/commit/${COMMIT_A}`,
          scannedAt: result.finishedAt,
          tool: { name: 'semgrep', version: '1.2.3' },
          attested: false,
        },
      ]);
      expect(view.findings.map((g) => g.severity)).toEqual(['critical', 'high', 'low']);
      expect(view.findings[0]?.items).toEqual([
        {
          provider: 'semgrep',
          severity: 'critical',
          title: 'eval-injection',
          ruleId: 'eval-injection',
          file: 'src/app.js',
          line: 12,
          url: `https://github.com/acme/widget/blob/${COMMIT_A}/src/app.js#L12`,
        },
      ]);

      const limited = await read('sec view', { findingsLimit: 2 });
      expect(limited.findingsTruncated).toBe(true);
      expect(limited.findings.flatMap((g) => g.items.map((i) => i.title))).toEqual(['eval-injection', 'xss']);
    });

    it('reads a pending scan as timed out 21 minutes later, and still takes its late result', async () => {
      const scan = await dispatchScan(f, 'sec-late');
      const dispatched = Date.parse(scan.createdAt);
      f.clock.set(dispatched + MINUTE);
      expect(await read('sec-late')).toMatchObject({
        verdict: 'pending',
        providers: [{ provider: 'semgrep', status: 'pending', scanId: scan.id }],
      });
      f.clock.set(dispatched + 21 * MINUTE);
      const timedOut = await read('sec-late');
      expect(timedOut).toMatchObject({
        verdict: 'none',
        providers: [{ status: 'timed_out', error: expect.stringContaining('no result within 20 minutes') }],
      });
      expect((await store.scans.get(f.tenantId, scan.id))?.status).toBe('pending');

      const answer = await receiveScanResult(f.deps(), signed(resultFor(scan, []), { at: f.clock.now() }));
      expect(answer).toMatchObject({ accepted: true, late: true, current: true, verdict: 'pass' });
      expect(await read('sec-late')).toMatchObject({
        verdict: 'pass',
        providers: [{ status: 'completed', verdict: 'pass', commitSha: COMMIT_A }],
      });
    });

    it('never shows a completed scan without its result when the result commits while the view reads', async () => {
      const scan = await dispatchScan(f, 'sec-race');
      const deps = f.deps({ providers: [{ provider: 'semgrep' }] });
      let delivered = false;
      // The result commits right after the view has read the project's results.
      const racing = new Proxy(store, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (prop !== 'sastResults') return value;
          const results = value as Store['sastResults'];
          return {
            ...results,
            async listForProject(...args: Parameters<Store['sastResults']['listForProject']>) {
              const records = await results.listForProject(...args);
              if (!delivered) {
                delivered = true;
                await receiveScanResult(f.deps(), signed(resultFor(scan, []), { at: f.clock.now() }));
              }
              return records;
            },
          };
        },
      });
      const during = await readProjectSecurity(
        { ...deps, store: racing },
        { tenantId: f.tenantId, project: 'sec-race' },
      );
      expect(delivered).toBe(true);
      // Read before the result: still in flight (or timed out by the fixture's clock), and without one.
      expect(during.providers).toEqual([expect.objectContaining({ scanId: scan.id })]);
      expect(during.providers[0]?.status).not.toBe('completed');
      expect(during.providers[0]?.resultScanId).toBeUndefined();
      expect((await read('sec-race')).providers).toEqual([
        expect.objectContaining({ status: 'completed', resultScanId: scan.id, commitSha: COMMIT_A }),
      ]);
    });

    it('says none for a project never scanned, and not_found for an unknown or another tenant’s project', async () => {
      await store.projects.getOrCreate(f.tenantId, { name: 'sec-never' });
      expect(await read('sec-never')).toMatchObject({
        verdict: 'none',
        providers: [],
        findings: [],
        blocked: false,
      });
      await expect(read('sec-unknown')).rejects.toEqual(expect.objectContaining({ code: 'not_found' }));
      const other = await sastFixture(store);
      await dispatchScan(other, 'sec-theirs');
      await expect(read('sec-theirs')).rejects.toEqual(expect.objectContaining({ code: 'not_found' }));
    });
  });
}
