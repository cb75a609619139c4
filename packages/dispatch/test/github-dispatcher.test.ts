import { createFakeGitHub, type FakeGitHub } from '@scanrelay/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubDispatcher, createLocalDispatcher, DispatchError } from '../src/index.js';

const noSleep = async () => {};

describe('GitHub dispatcher against the fake GitHub API', () => {
  let gh: FakeGitHub;
  beforeEach(async () => {
    gh = await createFakeGitHub({
      tokens: ['ghp_good'],
      repos: { 'acme/scans': ['fetch-invicti-results.yml', 'external-scan.yml'] },
    });
  });
  afterEach(async () => {
    await gh.close();
  });

  it('triggers workflow_dispatch with string inputs and a correlation id, and returns the run id', async () => {
    const d = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: noSleep });
    const res = await d.dispatch({
      target: {
        kind: 'workflow_dispatch',
        owner: 'acme',
        repo: 'scans',
        workflow: 'fetch-invicti-results.yml',
        ref: 'main',
      },
      payload: { scan_id: 'a1b2c3' },
      correlationId: 'corr-1',
    });
    expect(res.correlationId).toBe('corr-1');
    expect(res.runId).toBe(1000);
    expect(gh.dispatches).toHaveLength(1);
    expect(gh.dispatches[0]).toMatchObject({
      kind: 'workflow_dispatch',
      workflow: 'fetch-invicti-results.yml',
      ref: 'main',
      inputs: { scan_id: 'a1b2c3', correlation_id: 'corr-1' },
    });
  });

  it('accepts the older 204 answer without run details', async () => {
    await gh.close();
    gh = await createFakeGitHub({ tokens: ['ghp_good'], returnRunDetails: false });
    const d = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: noSleep });
    const res = await d.dispatch({
      target: { kind: 'workflow_dispatch', owner: 'o', repo: 'r', workflow: 'w.yml', ref: 'main' },
      payload: { scan_id: 'x' },
    });
    expect(res.runId).toBeUndefined();
    expect(res.correlationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends repository_dispatch with the event type and client_payload', async () => {
    const d = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: noSleep });
    await d.dispatch({
      target: { kind: 'repository_dispatch', owner: 'acme', repo: 'scans', eventType: 'external-scan' },
      payload: { project: 'demo', repo_url: 'https://github.com/acme/demo', provider: 'semgrep' },
      correlationId: 'scan-7',
    });
    expect(gh.dispatches[0]).toMatchObject({
      kind: 'repository_dispatch',
      eventType: 'external-scan',
      inputs: { project: 'demo', provider: 'semgrep', correlation_id: 'scan-7' },
    });
  });

  it('refuses credentials in the payload and payloads over the limits before sending anything', async () => {
    const d = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: noSleep });
    const wf = {
      kind: 'workflow_dispatch',
      owner: 'acme',
      repo: 'scans',
      workflow: 'external-scan.yml',
      ref: 'main',
    } as const;
    await expect(d.dispatch({ target: wf, payload: { api_token: 'x' } })).rejects.toMatchObject({
      code: 'dispatch_secret_in_payload',
    });
    const many = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, 'v']));
    await expect(d.dispatch({ target: wf, payload: many })).rejects.toMatchObject({
      code: 'dispatch_payload_too_large',
    });
    const rd = {
      kind: 'repository_dispatch',
      owner: 'acme',
      repo: 'scans',
      eventType: 'external-scan',
    } as const;
    await expect(d.dispatch({ target: rd, payload: { big: 'x'.repeat(70_000) } })).rejects.toMatchObject({
      code: 'dispatch_payload_too_large',
    });
    expect(gh.dispatches).toHaveLength(0);
  });

  it('names the token on 401 and the repository on 404, without retrying', async () => {
    const bad = createGitHubDispatcher({ token: 'ghp_wrong', baseUrl: gh.url, sleep: noSleep });
    const target = {
      kind: 'workflow_dispatch',
      owner: 'acme',
      repo: 'scans',
      workflow: 'external-scan.yml',
      ref: 'main',
    } as const;
    const e1 = await bad.dispatch({ target, payload: {} }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(DispatchError);
    expect(e1).toMatchObject({ code: 'github_unauthorized', status: 401 });
    expect(String((e1 as Error).message)).not.toContain('ghp_wrong');
    const good = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, sleep: noSleep });
    const e2 = await good
      .dispatch({ target: { ...target, workflow: 'missing.yml' }, payload: {} })
      .catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'github_not_found', status: 404 });
  });

  it('retries 502 and 429 with Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    const d = createGitHubDispatcher({
      token: 'ghp_good',
      baseUrl: gh.url,
      maxAttempts: 3,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    gh.failNext(502);
    gh.failNext(429, { retryAfter: 2 });
    const res = await d.dispatch({
      target: {
        kind: 'workflow_dispatch',
        owner: 'acme',
        repo: 'scans',
        workflow: 'external-scan.yml',
        ref: 'main',
      },
      payload: { scan_id: '1' },
    });
    expect(res.runId).toBeDefined();
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBe(2000);
    expect(gh.dispatches).toHaveLength(1);
  });

  it('gives up when the primary rate limit is exhausted until a reset beyond the wait limit', async () => {
    gh.setRateLimitRemaining(0);
    const d = createGitHubDispatcher({ token: 'ghp_good', baseUrl: gh.url, maxWaitMs: 1000, sleep: noSleep });
    const e = await d
      .dispatch({
        target: {
          kind: 'workflow_dispatch',
          owner: 'acme',
          repo: 'scans',
          workflow: 'external-scan.yml',
          ref: 'main',
        },
        payload: {},
      })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'github_forbidden', status: 403 });
  });
});

describe('local dispatcher', () => {
  it('enqueues with the correlation id as job id, so a repeat adds nothing', async () => {
    const jobs = new Map<string, unknown>();
    const queue = {
      async enqueue(_q: string, _n: string, data: unknown, opts?: { jobId?: string }) {
        const id = opts?.jobId ?? String(jobs.size);
        if (!jobs.has(id)) jobs.set(id, data);
        return { id };
      },
    };
    const d = createLocalDispatcher(queue);
    const target = { kind: 'local', queue: 'scans', jobName: 'fetch-invicti-issues' } as const;
    const a = await d.dispatch({ target, payload: { scan_id: 's1' }, correlationId: 's1' });
    await d.dispatch({ target, payload: { scan_id: 's1' }, correlationId: 's1' });
    expect(a.jobId).toBe('s1');
    expect(jobs.size).toBe(1);
    expect(jobs.get('s1')).toEqual({ scan_id: 's1', correlation_id: 's1' });
  });
});
