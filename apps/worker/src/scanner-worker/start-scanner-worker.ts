import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import os from 'node:os';
import {
  createMemoryDeliveryStore,
  createVerifier,
  deliveryKey,
  webhookProblem,
} from '@scanrelay/hmac-webhooks';
import {
  isOutboundError,
  type OutboundPolicy,
  type ResolveOptions,
  resolveOutboundUrl,
} from '@scanrelay/outbound';
import { type ScanRequest, scanRequestSchema } from '@scanrelay/sast-runners';
import { closeServer, listen } from '../listen.js';
import { readBody } from './read-body.js';
import { runScanJob, type ScanJobDeps } from './run-scan-job.js';
import { createScanSlots } from './scan-slots.js';

export interface ScannerWorkerOptions {
  /** The shared secret(s) `POST /scan` requests are signed with (scanrelay scheme); several during a rotation. */
  secret: string | readonly string[];
  /** `0` picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Scans at once; more answer 429. Default 3. */
  maxConcurrent?: number;
  /** The `Retry-After` of a 429, in seconds. Default 30. */
  retryAfterSeconds?: number;
  /** Signed timestamps older or newer than this are refused. Default 300 s. */
  toleranceSeconds?: number;
  /** Which callback URLs are allowed (the outbound rules; `SCANRELAY_ALLOW_PRIVATE_URLS`). */
  policy?: OutboundPolicy;
  /** How callback host names resolve (tests); default the system resolver. */
  lookup?: ResolveOptions['lookup'];
  /** Where each scan's temporary directory is made; default the OS temporary directory. */
  tmpRoot?: string;
  /** The scan and the callback delivery. */
  deps: ScanJobDeps;
  /** One line per event; never given a secret or a callback URL. */
  log?: (line: string) => void;
}

export interface ScannerWorker {
  url: string;
  port: number;
  /** Scans accepted and not yet delivered. */
  readonly activeScans: number;
  /**
   * Stops accepting scans, waits up to `graceMs` (default 30 s) for the running ones, aborts the rest
   * (they report `status: failed`), waits up to `deliverGraceMs` (default 15 s) for their callbacks, closes.
   */
  close(options?: { graceMs?: number; deliverGraceMs?: number }): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The self-hosted scanner worker: `POST /scan` (signed, answered 202 at once, the result posted to the
 * request's callback URL later) and `GET /health`.
 */
export async function startScannerWorker(options: ScannerWorkerOptions): Promise<ScannerWorker> {
  const maxConcurrent = options.maxConcurrent ?? 3;
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
    throw new TypeError(`startScannerWorker: maxConcurrent must be a positive integer, got ${maxConcurrent}`);
  const store = createMemoryDeliveryStore();
  const verifier = createVerifier({
    scheme: 'scanrelay',
    secret: options.secret,
    store,
    allowLegacy: false,
    toleranceSeconds: options.toleranceSeconds,
  });
  const slots = createScanSlots();
  const log = options.log ?? (() => {});
  let stopping = false;

  const accept = (request: ScanRequest) => {
    log(`scanner-worker: scan ${request.scanId} accepted (${request.provider})`);
    const job = runScanJob(request, options.deps, {
      tmpRoot: options.tmpRoot ?? os.tmpdir(),
      scanSignal: slots.scanSignal,
      deliverSignal: slots.deliverSignal,
    }).then(
      (result) => log(`scanner-worker: scan ${request.scanId} ${result.status}, result delivered`),
      (error: unknown) =>
        log(`scanner-worker: scan ${request.scanId}: callback not delivered: ${(error as Error).message}`),
    );
    slots.add(request.scanId, job);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'GET only' });
      const status = stopping ? 'stopping' : 'ok';
      return sendJson(res, stopping ? 503 : 200, { status, activeScans: slots.size, maxConcurrent });
    }
    if (path !== '/scan')
      return sendJson(res, 404, { error: 'not found: this port serves POST /scan and GET /health' });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
    if (stopping)
      return sendJson(res, 503, { error: 'the scanner worker is shutting down' }, { 'retry-after': '60' });
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body) return sendJson(res, 413, { error: `the request body is over ${MAX_BODY_BYTES} bytes` });
    const verified = await verifier.verify(body, req.headers);
    if (!verified.ok) {
      const problem = webhookProblem(verified);
      return send(res, 401, 'application/problem+json', JSON.stringify(problem));
    }
    // From here on a refusal lets the sender retry the same signed delivery.
    const refuse = async (status: number, payload: object, headers: Record<string, string> = {}) => {
      await store.release(deliveryKey('scanrelay', verified.deliveryId));
      sendJson(res, status, payload, headers);
    };
    const parsed = scanRequestSchema.safeParse(parseJson(body));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
      return refuse(400, {
        error: 'expected {repoUrl, ref?, project, provider, callbackUrl, scanId}',
        issues,
      });
    }
    const request = parsed.data;
    try {
      await resolveOutboundUrl(request.callbackUrl, options.policy, { lookup: options.lookup });
    } catch (error) {
      if (!isOutboundError(error)) throw error;
      return refuse(400, { error: `callbackUrl refused: ${error.message}` });
    }
    // Checked and claimed in one turn of the event loop: concurrent requests cannot both take the last slot.
    if (stopping)
      return refuse(503, { error: 'the scanner worker is shutting down' }, { 'retry-after': '60' });
    if (slots.has(request.scanId)) return refuse(409, { error: `scan ${request.scanId} is already running` });
    if (slots.size >= maxConcurrent) {
      const retryAfter = String(options.retryAfterSeconds ?? 30);
      return refuse(
        429,
        { error: `${slots.size} scans are running, the limit is ${maxConcurrent}`, maxConcurrent },
        { 'retry-after': retryAfter },
      );
    }
    accept(request);
    sendJson(res, 202, { status: 'accepted', scanId: request.scanId });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`scanner-worker: internal error: ${(error as Error).message}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    });
  });
  const at = await listen(server, options.port, options.host);
  return {
    ...at,
    get activeScans() {
      return slots.size;
    },
    async close({ graceMs = 30_000, deliverGraceMs = 15_000 } = {}) {
      stopping = true;
      await slots.drain(graceMs, deliverGraceMs);
      await closeServer(server);
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: object,
  headers: Record<string, string> = {},
) {
  send(res, status, 'application/json', JSON.stringify(payload), headers);
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, ...headers }).end(body);
}
