import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { receiveScanResult } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { SAST_RESULT_SECURITY } from '../docs/security-schemes.js';
import { docSchemas } from '../schemas/named-schemas.js';
import { readWebhookBody } from '../webhook/read-webhook-body.js';
import { sastProblems } from './sast-openapi.js';

/** For the OpenAPI document only: core validates the body with the runners' own `sastResultSchema`. */
const scanResultBodyDoc = z
  .looseObject({
    project: z.string(),
    provider: z.string(),
    scanId: z.string(),
    repoUrl: z.string(),
    commitSha: z
      .string()
      .regex(/^[0-9a-f]{40}$/)
      .optional(),
    status: z.enum(['completed', 'failed']),
    findings: z.array(z.unknown()),
    attestation: z.unknown().optional(),
  })
  .meta({
    id: 'SastResult',
    description: 'A `SastResult` of @scanrelay/sast-runners, with its DSSE `attestation` when signed',
  });

/**
 * `POST /api/v1/webhooks/scan-results`: a SAST runner's signed result. No API key: the signature over
 * the raw body is the authority. The body is read once, up to `limits.scanResultBytes` (413 past it),
 * and handed with the headers to core, which verifies, validates and records it in one transaction.
 */
export function registerSastScanResults(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const max = services.config.limits.scanResultBytes;
  app.post('/api/v1/webhooks/scan-results', async (c) => {
    const body = await readWebhookBody(c.req.raw, max);
    const accepted = await receiveScanResult(services.sast, { body, headers: c.req.raw.headers });
    return c.json(accepted, 200);
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/webhooks/scan-results',
    operationId: 'receiveScanResult',
    tags: ['webhooks', 'sast'],
    summary: "A SAST runner's signed result for a dispatched scan",
    description:
      'Signed with a `sast.callbackSecrets` secret: the scanrelay scheme (`x-webhook-signature` with a ' +
      'timestamp and `x-webhook-id`), or, when `sast.acceptBodySignature` is on, the seed’s bare ' +
      '`x-webhook-signature: <hex HMAC-SHA256 of the body>` (deduplicated on scan id and body digest, as ' +
      'it has no timestamp). Stale signatures answer 401, a delivery already received 409 `REPLAYED`, ' +
      'a result for a scan that was never dispatched 404, one for another project or provider than its ' +
      'scan’s 409 `CONFLICT`, a body that is not a SAST result (`commitSha` must be 40 hex) 400, an ' +
      'attestation that does not verify against `GET /api/v1/attestation-keys` 401. A late result for a ' +
      'scan that had timed out is still recorded (`late: true`). Recording the result refreshes the ' +
      'project’s summaries and blocklists it when the result has critical findings.',
    security: SAST_RESULT_SECURITY,
    request: {
      body: { required: true, content: { 'application/json': { schema: scanResultBodyDoc } } },
    },
    responses: {
      200: {
        description: 'Recorded',
        content: { 'application/json': { schema: docSchemas.scanResultAccepted } },
      },
      ...sastProblems(400, 401, 404, 409, 413),
    },
  });
}
