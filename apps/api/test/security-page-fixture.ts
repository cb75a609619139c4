import path from 'node:path';
import { createFinding, type Finding, type FindingDraft } from '@scanrelay/findings-schema';
import { signRequest } from '@scanrelay/hmac-webhooks';
import { createSqliteQueue } from '@scanrelay/queue';
import { createStore, type Store } from '@scanrelay/storage';
import { makeTempDir } from '@scanrelay/test-utils';
import { createApi, type ScanrelayApi } from '../src/index.js';

const SECRET = 'security-page-test-secret-0123456789';
export const SHA = 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00';
/** A loopback repository URL: the publish's URL check needs no DNS, and links are not followed. */
const REPO = 'http://127.0.0.1:9/acme/widget.git';
export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

export interface SecurityPageFixture {
  api: ScanrelayApi;
  store: Store;
  /** The API on real HTTP, `http://127.0.0.1:<port>`. */
  url: string;
  keys: { read: string; upload: string; otherTenant: string };
  close(): Promise<void>;
}

/** A SQLite-backed API on loopback with keys of two tenants, SAST providers `patterns` and `semgrep`. */
export async function startSecurityPageFixture(): Promise<SecurityPageFixture> {
  const tmp = makeTempDir('scanrelay-security-page-');
  const store = await createStore(`file:${path.join(tmp.dir, 'scanrelay.db')}`);
  const queue = createSqliteQueue({ database: path.join(tmp.dir, 'queue.db') });
  const api = createApi({
    store,
    queue,
    config: {
      dataDir: tmp.dir,
      outbound: { allowPrivateUrls: true, allowHttp: true },
      sast: {
        callbackSecrets: [SECRET],
        providers: [{ provider: 'patterns' }, { provider: 'semgrep' }],
      },
    },
  });
  const { url } = await api.start({ port: 0 });
  const acme = await store.tenants.getOrCreate('acme');
  const other = await store.tenants.getOrCreate('other');
  const keys = {
    read: (await store.apiKeys.create(acme.id, { name: 'reader', scopes: ['read'] })).key,
    upload: (await store.apiKeys.create(acme.id, { name: 'ci', scopes: ['upload'] })).key,
    otherTenant: (await store.apiKeys.create(other.id, { name: 'reader', scopes: ['read'] })).key,
  };
  return {
    api,
    store,
    url,
    keys,
    close: async () => {
      await api.close();
      await queue.close();
      await store.close();
      tmp.cleanup();
    },
  };
}

/** Publishes `project` with `key` (upload scope): one pending scan per provider, by provider name. */
async function publish(f: SecurityPageFixture, key: string, project: string): Promise<Map<string, string>> {
  const res = await fetch(`${f.url}/api/v1/projects/${encodeURIComponent(project)}/publish`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ repoUrl: REPO }),
  });
  if (res.status !== 202) throw new Error(`publish answered ${res.status}: ${await res.text()}`);
  const answer = (await res.json()) as { scans: { provider: string; scanId: string }[] };
  return new Map(answer.scans.map((s) => [s.provider, s.scanId]));
}

function finding(draft: Partial<FindingDraft> & Pick<FindingDraft, 'severity' | 'name'>): Finding {
  return createFinding({
    tool: { id: 'patterns', name: 'scanrelay patterns', version: '1' },
    ruleId: 'rule',
    category: 'sast',
    ...draft,
  });
}

/** Posts a completed result for `scanId`, signed like a runner does, over real HTTP; returns the answer. */
async function postResult(
  f: SecurityPageFixture,
  result: { project: string; provider: string; scanId: string; findings: Finding[] },
): Promise<{ status: number; body: unknown }> {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const x of result.findings) counts[x.severity] += 1;
  const body = {
    ...result,
    repoUrl: REPO,
    commitSha: SHA,
    tool: { name: 'scanrelay patterns', version: '1.2.3' },
    startedAt: '2025-05-01T10:00:00.000Z',
    finishedAt: '2025-05-01T10:01:00.000Z',
    status: 'completed',
    counts,
    verdict: counts.critical > 0 ? 'fail' : 'pass',
    score: Math.max(0, 100 - 25 * counts.critical - 10 * counts.high - 3 * counts.medium - counts.low),
  };
  const signed = signRequest({ scheme: 'scanrelay', secret: SECRET, body: JSON.stringify(body) });
  const res = await fetch(`${f.url}/api/v1/webhooks/scan-results`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  return { status: res.status, body: await res.json() };
}

/**
 * The project the page tests read: `patterns` reported two critical findings (one with a hostile
 * title and file), a high and a low at the scanned commit; `semgrep` is still pending.
 */
export async function seedBlockedProject(f: SecurityPageFixture, project: string): Promise<void> {
  const uploadKey = f.keys.upload;
  const scans = await publish(f, uploadKey, project);
  const src = (file: string, startLine: number) => ({ kind: 'source' as const, file, startLine });
  const posted = await postResult(f, {
    project,
    provider: 'patterns',
    scanId: scans.get('patterns')!,
    findings: [
      finding({
        severity: 'critical',
        name: 'Use of eval',
        ruleId: 'js-eval',
        location: src('src/run.js', 12),
      }),
      finding({
        severity: 'critical',
        name: HOSTILE,
        ruleId: 'child-process',
        location: src(`lib/${HOSTILE}.js`, 3),
      }),
      finding({
        severity: 'high',
        name: 'Hard-coded token',
        ruleId: 'secret',
        location: src('config.js', 7),
      }),
      finding({ severity: 'low', name: 'Weak hash', ruleId: 'md5', location: src('util.js', 1) }),
    ],
  });
  if (posted.status !== 200)
    throw new Error(`the result answered ${posted.status}: ${JSON.stringify(posted.body)}`);
}
