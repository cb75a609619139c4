import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type BulkTriageRequest,
  bulkTriageRequestSchema,
  bulkTriageResultSchema,
  findingHistorySchema,
  findingStatusOf,
  projectNameSchema,
  storedFindingSchema,
  type TriageRequest,
  triageRequestSchema,
} from '@scanrelay/api-schema';
import { findingHistory, isCoreError, readFinding, triageFinding, triageFindings } from '@scanrelay/core';
import { bodyLimit } from 'hono/body-limit';
import { type ApiServices, type AppEnv, actorOf } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem } from '../errors/api-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems, uuidParamSchema } from '../schemas/common.js';
import { findingView } from '../schemas/finding-view.js';

/** A triage body is a status, a reason of at most 2000 characters and a date: far below this. */
const TRIAGE_BODY_BYTES = 16 * 1024;

const TRIAGE_RULES =
  'Scope `triage` (admin holds it). `status` is `open`, `false_positive` or `accepted_risk` (also spelled ' +
  '`false-positive`, `accepted-risk`; answers use the hyphens). A false positive or an accepted risk needs ' +
  'a `reason`; only an accepted risk takes `expires`, a future date (`2027-06-30`, the end of that day UTC) ' +
  'or date-time, after which the finding reopens on its next read or import. `open` clears the decision. ' +
  'The decision is kept by fingerprint, so it survives every re-import, and each change is kept in the ' +
  "finding's history with the API key (`key:<prefix>`) as who. Fixed and duplicate findings are not triaged.";

/** The decision as core takes it: the stored status spelling, `expires` as `expiresAt`. */
function decisionOf(body: TriageRequest | BulkTriageRequest) {
  return {
    status: findingStatusOf(body.status),
    ...(body.reason === undefined ? {} : { reason: body.reason }),
    ...(body.expires === undefined ? {} : { expiresAt: body.expires }),
  };
}

/** Core's refusal of the expiry (not in the future) said about the body's field, `expires`. */
async function namingExpires<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isCoreError(err) && err.code === 'invalid_input' && err.detail.startsWith('expiresAt')) {
      const message = err.detail.replace(/^expiresAt\s*/, '');
      throw new ApiProblem('VALIDATION_FAILED', `invalid expires: ${message}`, {
        errors: [{ path: 'expires', message }],
        cause: err,
      });
    }
    throw err;
  }
}

const findingResponse = {
  description: 'The finding, with its triage decision when one stands',
  content: { 'application/json': { schema: storedFindingSchema } },
};

/**
 * `GET` and `PATCH /api/v1/findings/{id}`, `GET /api/v1/findings/{id}/history` and the bulk
 * `PATCH /api/v1/projects/{name}/findings`: read a finding and triage it (false positive, accepted
 * risk, back to open) through `@scanrelay/core`. Another tenant's finding or project is 404.
 */
export function registerFindingsTriage(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const read = requireScope(services, 'read');
  const triage = requireScope(services, 'triage');
  const limit = bodyLimit({
    maxSize: TRIAGE_BODY_BYTES,
    onError: () => {
      throw new ApiProblem('PAYLOAD_TOO_LARGE', `the body is larger than ${TRIAGE_BODY_BYTES} bytes`);
    },
  });
  const { store } = services;
  const now = () => services.sast.now?.() ?? new Date();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/findings/{id}',
      operationId: 'getFinding',
      tags: ['findings'],
      summary: 'A finding: status, triage, first and last seen, occurrences and the canonical finding',
      description:
        'An accepted risk whose expiry has passed reads as open (and is reopened, in its history).',
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: { 200: findingResponse, ...problems(401, 403, 404) },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const finding = await readFinding(store, tenantId, c.req.valid('param').id, now());
      return c.json(findingView(finding), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/findings/{id}',
      operationId: 'triageFinding',
      tags: ['findings'],
      summary: 'Triage a finding: false positive, accepted risk (until a date), or back to open',
      description: TRIAGE_RULES,
      middleware: [triage, limit] as const,
      security: API_KEY_SECURITY,
      request: {
        params: uuidParamSchema,
        body: {
          required: true,
          content: {
            'application/json': {
              schema: triageRequestSchema,
              examples: {
                falsePositive: {
                  summary: 'A false positive',
                  value: { status: 'false_positive', reason: 'test fixture, never deployed' },
                },
                acceptedRisk: {
                  summary: 'An accepted risk until the end of June 2027',
                  value: { status: 'accepted_risk', reason: 'vendor fix due in Q2', expires: '2027-06-30' },
                },
                reopen: { summary: 'Back to open', value: { status: 'open' } },
              },
            },
          },
        },
      },
      responses: { 200: findingResponse, ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const body = c.req.valid('json');
      const finding = await namingExpires(async () =>
        triageFinding(store, {
          tenantId,
          id: c.req.valid('param').id,
          ...decisionOf(body),
          actor: actorOf(c.get('principal')),
          now: now(),
        }),
      );
      return c.json(findingView(finding), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/findings/{id}/history',
      operationId: 'getFindingHistory',
      tags: ['findings'],
      summary: "A finding's status changes, oldest first: who, when, from, to, why",
      middleware: [read] as const,
      security: API_KEY_SECURITY,
      request: { params: uuidParamSchema },
      responses: {
        200: {
          description: 'The status changes, oldest first',
          content: { 'application/json': { schema: findingHistorySchema } },
        },
        ...problems(401, 403, 404),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const entries = await findingHistory(store, tenantId, c.req.valid('param').id, now());
      const items = entries.map(({ at, actor, from, to, reason, acceptedUntil }) => ({
        at,
        actor,
        from,
        to,
        ...(reason === undefined ? {} : { reason }),
        ...(acceptedUntil === undefined ? {} : { acceptedUntil }),
      }));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/v1/projects/{name}/findings',
      operationId: 'triageProjectFindings',
      tags: ['projects'],
      summary: 'Triage every finding of a project that a filter matches (at most 10000 at once)',
      description:
        `${TRIAGE_RULES} Every filter given must match (severity and status take one value or a list); ` +
        'findings already in the status are left as they are. More than 10000 matches: 400, nothing changes.',
      middleware: [triage, limit] as const,
      security: API_KEY_SECURITY,
      request: {
        params: z.object({ name: projectNameSchema }),
        body: {
          required: true,
          content: {
            'application/json': {
              schema: bulkTriageRequestSchema,
              example: {
                filter: { severity: ['low', 'info'], tool: 'trivy' },
                status: 'accepted_risk',
                reason: 'dev image only',
                expires: '2027-06-30',
              },
            },
          },
        },
      },
      responses: {
        200: {
          description: 'How many findings changed, and their ids',
          content: { 'application/json': { schema: bulkTriageResultSchema } },
        },
        ...problems(400, 401, 403, 404, 413),
      },
    }),
    async (c) => {
      const tenantId = c.get('principal').tenant.id;
      const body = c.req.valid('json');
      const { severity, status, tool, kind, q } = body.filter;
      const result = await namingExpires(async () =>
        triageFindings(store, {
          tenantId,
          project: c.req.valid('param').name,
          filter: {
            ...(severity === undefined ? {} : { severity }),
            ...(status === undefined ? {} : { status: [status].flat().map(findingStatusOf) }),
            ...(tool === undefined ? {} : { tool }),
            ...(kind === undefined ? {} : { kind }),
            ...(q === undefined ? {} : { q }),
          },
          ...decisionOf(body),
          actor: actorOf(c.get('principal')),
          now: now(),
        }),
      );
      return c.json(result, 200);
    },
  );
}
