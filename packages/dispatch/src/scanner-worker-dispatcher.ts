import { signRequest } from '@scanrelay/hmac-webhooks';
import {
  type CheckedAnswer,
  createOutboundLookup,
  isOutboundError,
  type OutboundPolicy,
  postToCheckedAddress,
  type ResolveOptions,
  resolveOutboundUrl,
} from '@scanrelay/outbound';
import { DispatchError } from './dispatch-error.js';
import { scanRequestBody } from './scan-request-body.js';
import type { Dispatcher, DispatchRequest, DispatchResult } from './types.js';
import { validatePayload } from './validate-payload.js';

export interface ScannerWorkerDispatcherOptions {
  /** The secret(s) the worker verifies `POST /scan` with (scanrelay scheme; one signature per secret). */
  secret: string | readonly string[];
  /** Which worker URLs are allowed (the outbound rules); default https and public addresses only. */
  policy?: OutboundPolicy;
  /** How the worker's host name is resolved for the URL check and the connection (tests). */
  lookup?: ResolveOptions['lookup'];
  /** Limit of one request; default 15 s. */
  timeoutMs?: number;
  /** Requests at most for 429, 5xx and network errors, the first included; default 3. */
  maxAttempts?: number;
  /** Longest `Retry-After` honoured; a busy worker asking for more fails the dispatch. Default 30 s. */
  maxWaitMs?: number;
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

const isRetryable = (status: number) => status === 408 || status === 429 || status >= 500;

function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The worker's own words (`{"error": "..."}`), one line, bounded. */
function reasonOf(answer: CheckedAnswer): string {
  try {
    const parsed = JSON.parse(answer.text) as { error?: unknown; detail?: unknown; issues?: unknown };
    const said = [parsed.error ?? parsed.detail, ...(Array.isArray(parsed.issues) ? parsed.issues : [])]
      .filter((x): x is string => typeof x === 'string')
      .join('; ');
    if (said) return said.slice(0, 500);
  } catch {
    // not JSON: the status says enough
  }
  return `HTTP ${answer.status}`;
}

function lookupFor(options: ScannerWorkerDispatcherOptions) {
  const custom = options.lookup;
  if (!custom) return createOutboundLookup(options.policy);
  return createOutboundLookup(options.policy, (hostname, _opts, callback) => {
    custom(hostname).then(
      (addresses) => callback(null, addresses),
      (err: NodeJS.ErrnoException) => callback(err, []),
    );
  });
}

/**
 * Sends scans to a self-hosted scanner worker: `POST <url>/scan` with the scan request as its JSON body,
 * signed with the scanrelay scheme (`x-webhook-id`, `x-webhook-timestamp`, `x-webhook-signature`). The
 * URL passes the outbound rules before anything is sent and the connection is made only to checked
 * addresses. 429, 5xx and network errors are retried under the same delivery id with a fresh timestamp,
 * honouring `Retry-After` up to `maxWaitMs`; a 409 (that scan is already running: an earlier attempt got
 * through) counts as dispatched. Throws `DispatchError`.
 */
export function createScannerWorkerDispatcher(options: ScannerWorkerDispatcherOptions): Dispatcher {
  const secrets = typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
  if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s.length === 0))
    throw new TypeError('@scanrelay/dispatch: createScannerWorkerDispatcher needs a non-empty secret');
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const lookup = lookupFor(options);

  async function endpoint(base: string): Promise<URL> {
    let url: URL;
    try {
      url = (await resolveOutboundUrl(base, options.policy, { lookup: options.lookup })).url;
    } catch (cause) {
      if (!isOutboundError(cause)) throw cause;
      throw new DispatchError(
        'scanner_worker_url_refused',
        `the scanner worker URL is refused: ${cause.detail}`,
        {
          cause,
        },
      );
    }
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/scan`;
    url.search = '';
    url.hash = '';
    return url;
  }

  async function dispatch(request: DispatchRequest): Promise<DispatchResult> {
    const { target } = request;
    if (target.kind !== 'scanner_worker') {
      throw new TypeError(
        `@scanrelay/dispatch: the scanner worker dispatcher handles scanner_worker targets, got ${target.kind}`,
      );
    }
    validatePayload(target, request.payload);
    const body = Buffer.from(JSON.stringify(scanRequestBody(request.payload)), 'utf8');
    const correlationId = request.correlationId ?? (request.payload.scanId as string);
    const url = await endpoint(target.url);
    const worker = url.origin;
    const deliveryId = signRequest({ scheme: 'scanrelay', secret: secrets, body }).deliveryId;
    let problem = '';
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const signed = signRequest({ scheme: 'scanrelay', secret: secrets, body, id: deliveryId });
      let wait: number | undefined;
      try {
        const answer = await postToCheckedAddress(url, signed.headers, signed.body, { timeoutMs, lookup });
        if ((answer.status >= 200 && answer.status < 300) || answer.status === 409) return { correlationId };
        if (!isRetryable(answer.status)) throw refusal(worker, answer);
        problem = `answered ${answer.status} (${reasonOf(answer)})`;
        wait = retryAfterMs(answer.retryAfter);
        if (wait !== undefined && wait > maxWaitMs) {
          throw new DispatchError(
            answer.status === 429 ? 'scanner_worker_busy' : 'scanner_worker_unavailable',
            `the scanner worker ${worker} ${problem} and asks to retry after ${Math.ceil(wait / 1000)} s`,
            { status: answer.status, retryable: true },
          );
        }
      } catch (err) {
        if (err instanceof DispatchError) throw err;
        if (isOutboundError(err)) {
          throw new DispatchError(
            'scanner_worker_url_refused',
            `the scanner worker URL is refused: ${err.detail}`,
            {
              cause: err,
            },
          );
        }
        problem = `failed: ${(err as Error).message}`;
      }
      if (attempt < maxAttempts) await sleep(wait ?? Math.round(Math.random() * 500 * 2 ** (attempt - 1)));
    }
    throw new DispatchError(
      'scanner_worker_unavailable',
      `the scanner worker ${worker} was tried ${maxAttempts} times; the last attempt ${problem}`,
      { retryable: true },
    );
  }

  return { dispatch };
}

function refusal(worker: string, answer: CheckedAnswer): DispatchError {
  const { status } = answer;
  if (status === 401 || status === 403)
    return new DispatchError(
      'scanner_worker_unauthorized',
      `the scanner worker ${worker} refused the signature (${status}): the dispatch secret must be one the worker accepts`,
      { status },
    );
  if (status === 404 || status === 405)
    return new DispatchError(
      'scanner_worker_not_found',
      `${worker} does not serve POST /scan (${status}): check the scanner worker URL`,
      { status },
    );
  return new DispatchError(
    'scanner_worker_refused',
    `the scanner worker ${worker} refused the scan (${status}): ${reasonOf(answer)}`,
    { status },
  );
}
