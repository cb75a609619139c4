import type { SastResult, ScanRequest } from '@scanrelay/sast-runners';
import { makeTempDir } from '@scanrelay/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { runScanJob } from './run-scan-job.js';

const tmp = makeTempDir('run-scan-job-');
afterAll(() => tmp.cleanup());

const request: ScanRequest = {
  repoUrl: 'https://git.example.org/acme/widget.git',
  project: 'acme/widget',
  provider: 'patterns',
  callbackUrl: 'http://127.0.0.1:9/callback',
  scanId: 'late',
};

describe('runScanJob', () => {
  it('does not start a scan once shutdown has begun, and delivers a failed result saying so', async () => {
    const scans = new AbortController();
    scans.abort(new Error('the scanner worker is shutting down'));
    const started: string[] = [];
    const delivered: SastResult[] = [];
    const result = await runScanJob(
      request,
      {
        // Listens only for an abort still to come, as a scan that is never told would hang.
        scan: (r) => {
          started.push(r.scanId);
          return new Promise<SastResult>(() => {});
        },
        deliver: async (r) => {
          delivered.push(r);
        },
      },
      { tmpRoot: tmp.dir, scanSignal: scans.signal, deliverSignal: new AbortController().signal },
    );
    expect(started).toEqual([]);
    expect(result.status).toBe('failed');
    expect(delivered).toEqual([result]);
    expect(JSON.stringify(result)).toContain('the scanner worker shut down before the scan finished');
  });
});
