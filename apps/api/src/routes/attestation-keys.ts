import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { attestationKeys } from '@scanrelay/core';
import type { ApiServices, AppEnv } from '../app-env.js';
import { NO_SECURITY } from '../docs/security-schemes.js';
import { docSchemas } from '../schemas/named-schemas.js';

/**
 * `GET /api/v1/attestation-keys` (no API key: they are public keys): the Ed25519 keys SAST results'
 * attestations are checked against. Computed once, when the app is built.
 */
export function registerAttestationKeys(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const keys = attestationKeys(services.sast.config);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/attestation-keys',
      operationId: 'listAttestationKeys',
      tags: ['sast'],
      summary: 'The public keys SAST result attestations are verified with',
      description:
        'The keys of `sast.attestationKeys` and the public half of `sast.signingKey` (the local runner’s), ' +
        'each with its key id (the DSSE signature’s `keyid`). Anyone may verify a stored attestation with them.',
      security: NO_SECURITY,
      responses: {
        200: {
          description: 'The keys',
          content: { 'application/json': { schema: docSchemas.attestationKeys } },
        },
      },
    }),
    (c) => c.json(keys, 200),
  );
}
