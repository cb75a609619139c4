import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { checkBasicAuth } from '../invicti/basic-auth.js';
import { createFaultQueue, type Fault, malformedResponse } from '../invicti/fake-faults.js';
import { validateImport } from './validate-import.js';

export interface FakePhoenixOptions {
  /** Client id → client secret pairs the fake accepts. Default `{ 'phoenix-client': 'phoenix-secret' }`. */
  clients?: Record<string, string>;
  /** Lifetime of an access token. Default 3600 s. */
  tokenTtlSeconds?: number;
  /** Request bodies larger than this answer 413. Default 25 MiB. */
  maxPayloadBytes?: number;
  /** Status polls a translate request answers TRANSLATING / READY_FOR_IMPORT before its outcome. Default 2. */
  translatePolls?: number;
  /** How translate requests end. Default `IMPORTED`. */
  translateOutcome?: 'IMPORTED' | 'ERROR';
  /** Keep each import's assets (false keeps counts only, for benchmarks). Default true. */
  recordBodies?: boolean;
  now?: () => number;
}

/** One accepted `POST /v1/import/assets`. */
export interface RecordedImport {
  id: string;
  clientId: string;
  importType: string;
  assessment: { assetType: string; name: string };
  assetCount: number;
  findingCount: number;
  bytes: number;
  /** The assets as sent (empty when `recordBodies` is false). */
  assets: { attributes: Record<string, unknown>; findings: Record<string, unknown>[] }[];
}

/** One accepted `POST /v1/import/assets/file/translate`. */
export interface RecordedTranslate {
  id: string;
  clientId: string;
  scanType: string;
  assessmentName: string;
  importType: string;
  fileName: string;
  fileBytes: number;
  polls: number;
}

export interface PhoenixRequestLog {
  method: string;
  path: string;
  status: number;
  clientId: string | undefined;
}

type Env = { Variables: { clientId: string } };

/** The fake Phoenix Security API as a Hono app, with its records and controls. */
export function createFakePhoenixApp(opts: FakePhoenixOptions = {}) {
  const clients = opts.clients ?? { 'phoenix-client': 'phoenix-secret' };
  const ttl = opts.tokenTtlSeconds ?? 3600;
  const maxPayload = opts.maxPayloadBytes ?? 25 * 1024 * 1024;
  const now = opts.now ?? Date.now;
  const tokens = new Map<string, { clientId: string; expiresAt: number }>();
  const imports: RecordedImport[] = [];
  const translates: RecordedTranslate[] = [];
  const requests: PhoenixRequestLog[] = [];
  const faults = createFaultQueue();
  let limit = maxPayload;

  const app = new Hono<Env>();

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname;
    for (const f of faults.take(path.replace(/^\/+/, '').toLowerCase())) {
      if (f.kind === 'slow') await new Promise((r) => setTimeout(r, f.delayMs));
      if (f.kind === 'malformed') return malformedResponse(f.body);
      if (f.kind === 'status') {
        const headers: Record<string, string> =
          f.retryAfter !== undefined ? { 'retry-after': String(f.retryAfter) } : {};
        requests.push({ method: c.req.method, path, status: f.status, clientId: undefined });
        return c.json({ error: f.message ?? 'fault' }, f.status as 500, headers);
      }
    }
    await next();
    requests.push({ method: c.req.method, path, status: c.res.status, clientId: c.get('clientId') });
  });

  app.get('/v1/auth/access_token', (c) => {
    const header = c.req.header('authorization');
    const id = Object.keys(clients).find((k) => checkBasicAuth(header, k, clients[k] as string));
    if (!id) return c.json({ error: 'Unauthorized' }, 401);
    const token = randomUUID();
    const expiry = Math.floor(now() / 1000) + ttl;
    tokens.set(token, { clientId: id, expiresAt: expiry * 1000 });
    c.set('clientId', id);
    return c.json({ token, expiry });
  });

  app.use('/v1/import/*', async (c, next) => {
    const m = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '');
    const t = m?.[1] ? tokens.get(m[1]) : undefined;
    if (!t || t.expiresAt <= now()) return c.json({ error: 'Unauthorized' }, 401);
    c.set('clientId', t.clientId);
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > limit) return c.json({ error: 'Payload Too Large' }, 413);
    await next();
  });

  app.post('/v1/import/assets', async (c) => {
    const text = await c.req.text();
    const bytes = Buffer.byteLength(text);
    if (bytes > limit) return c.json({ error: 'Payload Too Large' }, 413);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return c.json({ error: 'Bad Request', problems: ['(root): not JSON'] }, 400);
    }
    const problems = validateImport(body);
    if (problems.length) return c.json({ error: 'Bad Request', problems }, 400);
    const b = body as Pick<RecordedImport, 'importType' | 'assessment'> & {
      assets: RecordedImport['assets'];
    };
    const id = randomUUID();
    imports.push({
      id,
      clientId: c.get('clientId'),
      importType: b.importType,
      assessment: { assetType: b.assessment.assetType, name: b.assessment.name },
      assetCount: b.assets.length,
      findingCount: b.assets.reduce((n, a) => n + a.findings.length, 0),
      bytes,
      assets: opts.recordBodies === false ? [] : b.assets,
    });
    return c.json({ id });
  });

  app.post('/v1/import/assets/file/translate', async (c) => {
    const form = await c.req.parseBody();
    const file = form.file;
    const problems: string[] = [];
    if (!(file instanceof File)) problems.push('file: required file part');
    for (const k of ['scanType', 'assessmentName'])
      if (typeof form[k] !== 'string' || !form[k]) problems.push(`${k}: required`);
    if (!['new', 'merge', 'delta'].includes(form.importType as string))
      problems.push('importType: expected new, merge or delta');
    if (problems.length || !(file instanceof File)) return c.json({ error: 'Bad Request', problems }, 400);
    const id = randomUUID();
    translates.push({
      id,
      clientId: c.get('clientId'),
      scanType: form.scanType as string,
      assessmentName: form.assessmentName as string,
      importType: form.importType as string,
      fileName: file.name,
      fileBytes: file.size,
      polls: 0,
    });
    return c.json({ id });
  });

  app.get('/v1/import/assets/file/translate/request/:id', (c: Context<Env>) => {
    const t = translates.find((x) => x.id === c.req.param('id') && x.clientId === c.get('clientId'));
    if (!t) return c.json({ error: 'Not Found' }, 404);
    t.polls += 1;
    const steps = opts.translatePolls ?? 2;
    if (t.polls <= steps)
      return c.json({ id: t.id, status: t.polls < steps ? 'TRANSLATING' : 'READY_FOR_IMPORT' });
    if (opts.translateOutcome === 'ERROR')
      return c.json({ id: t.id, status: 'ERROR', error: 'Unsupported report format' });
    return c.json({ id: t.id, status: 'IMPORTED' });
  });

  return {
    app,
    imports,
    translates,
    requests,
    /** Queues faults for requests whose path contains `path` (e.g. `v1/import/assets`). */
    fail(fault: Fault, where: { path?: string; count?: number } = {}) {
      faults.add(fault, where);
    },
    /** Expires every token handed out: the next call with one answers 401. */
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = 0;
    },
    /** Changes the payload limit above which the fake answers 413. */
    setMaxPayloadBytes(bytes: number) {
      limit = bytes;
    },
  };
}

export type FakePhoenixApp = ReturnType<typeof createFakePhoenixApp>;
