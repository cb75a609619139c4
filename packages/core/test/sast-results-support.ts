import { createHash, createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Finding, Severity } from '@scanrelay/findings-schema';
import { signRequest } from '@scanrelay/hmac-webhooks';
import {
  callbackBody,
  computeScore,
  countSeverities,
  type DsseEnvelope,
  decideVerdict,
  type SastProvider,
  type SastResult,
} from '@scanrelay/sast-runners';
import type { Store, StoredScan } from '@scanrelay/storage/types';
import { type SastConfigInput, type SastDeps, sastConfigSchema } from '../src/index.js';
import { sast } from './findings.js';

const SECRET = 'scan-results-secret-0123456789';
export const REPO = 'https://github.com/acme/widget.git';
export const COMMIT_A = 'a'.repeat(40);
export const COMMIT_B = 'b'.repeat(40);

/** An Ed25519 key pair as PEM. */
export function ed25519(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** A clock a test moves by hand. */
function createClock(start = Date.now()) {
  let t = start;
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    set(at: number) {
      t = at;
    },
    get ms() {
      return t;
    },
  };
}

export interface SastFixture {
  store: Store;
  tenantId: string;
  clock: ReturnType<typeof createClock>;
  deps(config?: SastConfigInput): SastDeps;
}

export async function sastFixture(store: Store, tenantName = `t-${randomUUID()}`): Promise<SastFixture> {
  const tenantId = (await store.tenants.getOrCreate(tenantName)).id;
  const clock = createClock();
  return {
    store,
    tenantId,
    clock,
    deps: (config = {}) => ({
      store,
      config: sastConfigSchema.parse({ callbackSecrets: [SECRET], ...config }),
      enqueue: async () => {},
      outbound: {},
      now: clock.now,
    }),
  };
}

/** A `pending` SAST scan, as a publish dispatches it (its `createdAt` is the store's clock). */
export async function dispatchScan(
  f: SastFixture,
  project: string,
  provider: SastProvider = 'semgrep',
  repoUrl = REPO,
): Promise<StoredScan> {
  const p = await f.store.projects.getOrCreate(f.tenantId, { name: project, repoUrl });
  return f.store.scans.create(f.tenantId, { projectId: p.id, provider, kind: 'sast', target: repoUrl });
}

/** Waits until the store's clock has passed `createdAt`, so the next scan is dispatched strictly later. */
export async function pastCreation(scan: StoredScan): Promise<void> {
  while (new Date().toISOString() <= scan.createdAt) await new Promise((r) => setImmediate(r));
}

/** A finding a provider reports; `tool` is the provider so a `new` import closes by it. */
export function finding(
  provider: string,
  rule: string,
  file: string,
  severity: Severity,
  line = 10,
): Finding {
  return sast(rule, file, { severity, line, tool: provider });
}

/** The result a runner posts for `scan`. */
export function resultFor(
  scan: StoredScan,
  findings: Finding[],
  overrides: Partial<SastResult> = {},
): SastResult {
  const counts = countSeverities(findings);
  return {
    project: scan.project,
    provider: scan.provider as SastProvider,
    scanId: scan.id,
    repoUrl: scan.target ?? REPO,
    commitSha: COMMIT_A,
    tool: { name: scan.provider, version: '1.2.3' },
    startedAt: '2025-06-01T10:00:00.000Z',
    finishedAt: '2025-06-01T10:01:00.000Z',
    status: 'completed',
    counts,
    verdict: decideVerdict(counts),
    score: computeScore(counts),
    findings,
    ...overrides,
  };
}

/** The body and headers `postCallback` sends (scanrelay scheme), signed at `at` (default: now). */
export function signed(
  body: SastResult | Uint8Array,
  options: { secret?: string; at?: Date; id?: string; attestation?: DsseEnvelope } = {},
): { body: Uint8Array; headers: Record<string, string> } {
  const bytes = body instanceof Uint8Array ? body : callbackBody(body, options.attestation);
  const req = signRequest({
    scheme: 'scanrelay',
    secret: options.secret ?? SECRET,
    body: bytes,
    id: options.id,
    timestamp: Math.floor((options.at ?? new Date()).getTime() / 1000),
  });
  return { body: req.body, headers: req.headers };
}

/** The seed's form: `x-webhook-signature: <hex hmac-sha256 of the body>`, no id or timestamp. */
export function bodySigned(
  result: SastResult,
  secret = SECRET,
): { body: Uint8Array; headers: Record<string, string> } {
  const body = callbackBody(result);
  const hex = createHmac('sha256', secret).update(body).digest('hex');
  return { body, headers: { 'content-type': 'application/json', 'x-webhook-signature': hex } };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
