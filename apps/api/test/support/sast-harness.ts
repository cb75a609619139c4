import { randomBytes } from 'node:crypto';
import { createFinding, type Severity } from '@scanrelay/findings-schema';
import { signRequest } from '@scanrelay/hmac-webhooks';
import type { ApiConfigInput } from '../../src/index.js';
import type { Json } from './http.js';

/** The secret runners sign results with in these tests (`sast.callbackSecrets`). */
export const CALLBACK_SECRET = 'sast_callback_secret_0123456789abcdef';
/** Where the service says results go; nothing listens: these tests post the results themselves. */
const CALLBACK_URL = 'http://127.0.0.1:9/api/v1/webhooks/scan-results';

/** The service configuration of the SAST tests: the default `patterns` provider, loopback URLs allowed. */
export function sastConfig(
  sast: Partial<ApiConfigInput['sast']> = {},
  limits: ApiConfigInput['limits'] = {},
) {
  return {
    limits,
    outbound: { allowPrivateUrls: true, allowHttp: true },
    sast: { callbackUrl: CALLBACK_URL, callbackSecrets: [CALLBACK_SECRET], ...sast },
  } satisfies Partial<ApiConfigInput>;
}

/** A repository URL on loopback (publish only checks it; no runner clones it here). */
export const repoUrl = (name: string) => `http://127.0.0.1:9/acme/${name}.git`;

export const commit = () => randomBytes(20).toString('hex');

/** A `patterns` result for `scanId` with `n` findings per severity, as a runner posts it. */
export function sastResult(
  s: { scanId: string; project: string; repoUrl: string },
  opts: { counts?: Partial<Record<Severity, number>>; commitSha?: string } = {},
) {
  const findings = Object.entries(opts.counts ?? {}).flatMap(([severity, n]) =>
    Array.from({ length: n ?? 0 }, (_, i) =>
      createFinding({
        tool: { id: 'patterns', name: 'scanrelay patterns', version: '1' },
        ruleId: `rule-${severity}`,
        name: `A ${severity} pattern`,
        severity: severity as Severity,
        category: 'Code injection',
        location: { kind: 'source', file: 'src/index.js', startLine: 10 + i },
      }),
    ),
  );
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0, ...opts.counts };
  const penalty =
    Math.min(100, 40 * counts.critical) +
    Math.min(100, 15 * counts.high) +
    Math.min(25, 5 * counts.medium) +
    Math.min(10, counts.low);
  return {
    project: s.project,
    provider: 'patterns',
    scanId: s.scanId,
    repoUrl: s.repoUrl,
    commitSha: opts.commitSha ?? commit(),
    tool: { name: 'scanrelay patterns', version: '1' },
    startedAt: new Date(Date.now() - 5_000).toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'completed',
    counts,
    verdict: counts.critical > 0 ? 'fail' : 'pass',
    score: Math.max(0, 100 - penalty),
    findings,
  };
}

/** A signed delivery of `body` (any value; text and bytes are sent as they are) to the service. */
export function signedResult(body: unknown, opts: { secret?: string; timestamp?: number } = {}) {
  return signRequest({ secret: opts.secret ?? CALLBACK_SECRET, body, timestamp: opts.timestamp });
}

/** Posts a signed (or any) delivery to `POST /api/v1/webhooks/scan-results`. */
export async function postResult(
  baseUrl: string,
  delivery: { body: Uint8Array; headers: Record<string, string> },
): Promise<Json & { headers: Headers }> {
  const res = await fetch(`${baseUrl}/api/v1/webhooks/scan-results`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body,
    headers: res.headers,
  };
}
