import { describe, expect, it } from 'vitest';
import {
  InvictiAbortError,
  InvictiTimeoutError,
  SCAN_STATES,
  scanStateKind,
  type WaitProgress,
} from '../src/index.js';
import { caught, TRANSPORTS, useFakeInvicti } from './support.js';

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, client, restart } = useFakeInvicti(transport);

  describe('launchScan', () => {
    it('launches with a profile (201, one scan) and sends Basic auth', async () => {
      const res = await client().launchScan({
        targetUri: 'https://shop.example.com/',
        profileName: 'Nightly',
      });
      expect(res.endpoint).toBe('scans/newwithprofile');
      expect(res.scan.State).toBe('Queued');
      expect(res.scan.TargetUrl).toBe('https://shop.example.com/');
      expect(fake().requests.map((r) => [r.method, r.path, r.authorized])).toEqual([
        ['POST', '/api/1.0/scans/newwithprofile', true],
      ]);
      expect(fake().scans()[0]?.profileName).toBe('Nightly');
    });

    it('launches with scans/new (201, an array) and passes the policy', async () => {
      const policyId = '7d0f3c3e-4f5a-4c51-9a57-2f6d1e1b2c3d';
      const res = await client().launchScan({ targetUri: 'https://shop.example.com/app/', policyId });
      expect(res.endpoint).toBe('scans/new');
      expect(res.scans).toHaveLength(1);
      expect(res.scan.PolicyId).toBe(policyId);
    });

    it('launches an incremental scan only from a completed base scan', async () => {
      const c = client();
      const base = await c.launchScan({ targetUri: 'https://shop.example.com/', profileName: 'Nightly' });
      const early = await caught(c.launchScan({ baseScanId: base.scan.Id }));
      expect(early).toMatchObject({ code: 'bad_request', status: 400 });
      expect((early as Error).message).toMatch(/Base scan .* is Queued/);
      fake().advance(60_000);
      const inc = await c.launchScan({ baseScanId: base.scan.Id });
      expect(inc.endpoint).toBe('scans/incremental');
      expect(inc.scan.ScanType).toBe('Incremental');
      expect(inc.scan.TargetUrl).toBe('https://shop.example.com/');
    });

    it('is not retried on a 500 (it may have created a scan) but is on a 429', async () => {
      fake().failNext(500, { path: 'scans/new' });
      const err = await caught(client().launchScan({ targetUri: 'https://a.example.com/' }));
      expect(err).toMatchObject({ code: 'server_error', status: 500, retryable: true });
      expect(fake().requests).toHaveLength(1);
      fake().failNext(429, { path: 'scans/new', retryAfter: 0 });
      const ok = await client().launchScan({ targetUri: 'https://a.example.com/' });
      expect(ok.scan.Id).toBeTruthy();
      expect(fake().requests.map((r) => r.status)).toEqual([500, 429, 201]);
    });
  });

  describe('getScanStatus and getScan', () => {
    it('reports every documented state, and an unknown one without crashing', async () => {
      const c = client();
      const { scan } = await c.launchScan({ targetUri: 'https://s.example.com/' });
      const seen: string[] = [];
      for (const state of [...SCAN_STATES, 'Hibernating']) {
        fake().setState(scan.Id, state);
        const status = await c.getScanStatus(scan.Id);
        seen.push(`${status.State}:${scanStateKind(status.State)}`);
        if (['Complete', 'Failed', 'Cancelled'].includes(state)) break;
      }
      expect(seen).toEqual(['Queued:queued', 'Scanning:running', 'Archiving:running', 'Complete:complete']);
      const other = await c.launchScan({ targetUri: 'https://s.example.com/' });
      fake().setState(other.scan.Id, 'Hibernating');
      expect(scanStateKind((await c.getScanStatus(other.scan.Id)).State)).toBe('unknown');
      for (const state of ['Delayed', 'Pausing', 'Paused', 'Resuming', 'AsyncArchiving', 'Failed']) {
        fake().setState(other.scan.Id, state);
        expect((await c.getScanStatus(other.scan.Id)).State).toBe(state);
      }
      const detail = await c.getScan(other.scan.Id);
      expect(detail.State).toBe('Failed');
      expect(detail.FailureReasonDescription).toMatch(/failed/);
    });

    it('answers not_found for an unknown scan', async () => {
      const err = await caught(client().getScanStatus('00000000-0000-0000-0000-00000000dead'));
      expect(err).toMatchObject({ code: 'not_found', status: 404, remoteMessage: 'Scan not found.' });
    });
  });

  describe('waitForCompletion', () => {
    it('polls through Queued, Scanning, Archiving to Complete', async () => {
      await fake().close();
      await restart({
        autoAdvanceMs: 1500,
        plan: { asyncArchivingMs: 1000 },
      });
      const c = client();
      const { scan } = await c.launchScan({ targetUri: 'https://w.example.com/' });
      const progress: WaitProgress[] = [];
      const result = await c.waitForCompletion(scan.Id, {
        pollIntervalMs: 5,
        onProgress: (p) => progress.push(p),
      });
      expect(result.outcome).toBe('complete');
      expect(result.state).toBe('Complete');
      const states = [...new Set(progress.map((p) => p.state))];
      expect(states).toEqual(['Scanning', 'Archiving', 'AsyncArchiving', 'Complete']);
      expect(progress.some((p) => p.percentage !== undefined && p.percentage > 0 && p.percentage < 100)).toBe(
        true,
      );
      expect(result.polls).toBe(progress.length);
    });

    it('returns Failed and Cancelled as results, not errors', async () => {
      const c = client();
      fake().planNext({ outcome: 'Failed', queuedMs: 0, scanningMs: 10 });
      const failed = await c.launchScan({ targetUri: 'https://f.example.com/' });
      fake().advance(100);
      expect(await c.waitForCompletion(failed.scan.Id, { pollIntervalMs: 5 })).toMatchObject({
        outcome: 'failed',
        state: 'Failed',
      });

      const running = await c.launchScan({ targetUri: 'https://f.example.com/' });
      const cancelled = c.waitForCompletion(running.scan.Id, {
        pollIntervalMs: 5,
        onProgress: (p) => {
          if (p.polls === 2) void c.cancelScan(running.scan.Id);
        },
      });
      expect(await cancelled).toMatchObject({ outcome: 'cancelled', state: 'Cancelled' });
      expect(await c.cancelScan(running.scan.Id)).toBe('ScanCancelled');
    });

    it('keeps waiting through an unknown state and reports it', async () => {
      const c = client();
      const { scan } = await c.launchScan({ targetUri: 'https://u.example.com/' });
      fake().setState(scan.Id, 'Hibernating');
      const kinds: string[] = [];
      const result = await c.waitForCompletion(scan.Id, {
        pollIntervalMs: 5,
        onProgress: (p) => {
          kinds.push(p.kind);
          if (kinds.length === 3) fake().setState(scan.Id, 'Complete');
        },
      });
      expect(kinds).toEqual(['unknown', 'unknown', 'unknown', 'complete']);
      expect(result.outcome).toBe('complete');
    });

    it('gives up after the timeout on a scan that never finishes, leaving it running', async () => {
      const c = client();
      fake().planNext({ outcome: 'never', queuedMs: 0 });
      const { scan } = await c.launchScan({ targetUri: 'https://n.example.com/' });
      // Long enough for the first poll to answer on a loaded machine: the error names its state.
      const err = await caught(c.waitForCompletion(scan.Id, { pollIntervalMs: 10, timeoutMs: 1500 }));
      expect(err).toBeInstanceOf(InvictiTimeoutError);
      expect(err).toMatchObject({ code: 'timeout', lastState: 'Scanning' });
      expect(fake().getScan(scan.Id)?.state).toBe('Scanning');
    });

    it('stops when its AbortSignal aborts', async () => {
      const c = client();
      const { scan } = await c.launchScan({ targetUri: 'https://n.example.com/' });
      const ctrl = new AbortController();
      const err = await caught(
        c.waitForCompletion(scan.Id, {
          pollIntervalMs: 10_000,
          signal: ctrl.signal,
          onProgress: () => ctrl.abort(),
        }),
      );
      expect(err).toBeInstanceOf(InvictiAbortError);
      expect(err).toMatchObject({ code: 'aborted' });
    });

    it('tolerates a few failed polls in a row', async () => {
      const c = client({ retry: { limit: 0 } });
      fake().planNext({ queuedMs: 0, scanningMs: 0, archivingMs: 0 });
      const { scan } = await c.launchScan({ targetUri: 'https://t.example.com/' });
      fake().failNext(503, { path: 'scans/status', count: 3 });
      expect((await c.waitForCompletion(scan.Id, { pollIntervalMs: 5 })).outcome).toBe('complete');
      fake().failNext(503, { path: 'scans/status', count: 3 });
      const err = await caught(c.waitForCompletion(scan.Id, { pollIntervalMs: 5, maxConsecutiveErrors: 2 }));
      expect(err).toMatchObject({ code: 'server_error', status: 503 });
    });
  });
});
