import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  fromSkillsPublishRequest,
  projectNameSchema,
  publishRequestSchema,
  skillsPublishRequestSchema,
} from '@scanrelay/api-schema';
import { publishProject } from '@scanrelay/core';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem } from '../errors/api-problem.js';
import { zodFieldErrors } from '../errors/to-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { docSchemas } from '../schemas/named-schemas.js';
import { readJsonBody } from './read-json-body.js';
import { sastProblems } from './sast-openapi.js';

/** A publish body is a URL, a ref and a few provider names: far below this. */
const PUBLISH_BODY_BYTES = 64 * 1024;

/** `value` as `schema` says, or a 400 naming the fields that failed (under `prefix`). */
function parsed<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = zodFieldErrors(result.error, prefix);
  throw new ApiProblem('VALIDATION_FAILED', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, { errors });
}

const DISPATCH_RULES =
  'For each provider (default: every configured one), a scan still `pending` or `running` is not ' +
  'dispatched again (listed under `skipped`); otherwise a `pending` scan is created and dispatched to ' +
  "the provider's backend (the local worker, GitHub Actions or the scanner worker). Dispatches are " +
  'limited per hour across the service (`sast.dispatchesPerHour`, default 100): past it the answer is ' +
  '429 with `Retry-After` and nothing is dispatched. The repository URL must pass the outbound rules ' +
  '(https, no credentials, no private addresses unless allowed). Results come back signed to ' +
  '`POST /api/v1/webhooks/scan-results`.';

/**
 * `POST /api/v1/projects/{name}/publish` (scope upload) and the seed's alias
 * `POST /api/v1/admin/skills/publish` (scope admin, the project named in the body): dispatch the
 * project's external SAST scans and answer 202 with the scans created and the providers skipped.
 */
export function registerSastPublish(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const limit = bodyLimit({
    maxSize: PUBLISH_BODY_BYTES,
    onError: () => {
      throw new ApiProblem('PAYLOAD_TOO_LARGE', `the body is larger than ${PUBLISH_BODY_BYTES} bytes`);
    },
  });

  async function publish(c: Context<AppEnv>, project: string, request: z.infer<typeof publishRequestSchema>) {
    const answer = await publishProject(services.sast, {
      tenantId: c.get('principal').tenant.id,
      project,
      ...request,
    });
    return c.json(answer, 202);
  }

  app.post('/api/v1/projects/:name/publish', requireScope(services, 'upload'), limit, async (c) => {
    const project = parsed(projectNameSchema, c.req.param('name'), 'name');
    const request = parsed(publishRequestSchema, await readJsonBody(c));
    return publish(c, project, request);
  });

  app.post('/api/v1/admin/skills/publish', requireScope(services, 'admin'), limit, async (c) => {
    const body = parsed(skillsPublishRequestSchema, await readJsonBody(c));
    const { project, request } = fromSkillsPublishRequest(body);
    return publish(c, project, request);
  });

  const responses = {
    202: {
      description: 'Dispatched (and skipped) scans',
      content: { 'application/json': { schema: docSchemas.publishAnswer } },
    },
    ...sastProblems(400, 401, 403, 413, 415, 429),
  };
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/projects/{name}/publish',
    operationId: 'publishProject',
    tags: ['sast'],
    summary: "Publish a project: dispatch its repository's external SAST scans",
    description: DISPATCH_RULES,
    security: API_KEY_SECURITY,
    request: {
      params: z.object({ name: projectNameSchema }),
      body: { required: true, content: { 'application/json': { schema: docSchemas.publishRequest } } },
    },
    responses,
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/admin/skills/publish',
    operationId: 'publishSkill',
    tags: ['sast'],
    summary: 'Publish a skill (the seed’s path): the same as POST /api/v1/projects/{name}/publish',
    description:
      'Scope admin. The project is the body’s `name`, `skill_name` or `skillName`, the repository its ' +
      '`repoUrl` or `repo_url`; other fields are ignored. ' +
      DISPATCH_RULES,
    security: API_KEY_SECURITY,
    request: {
      body: { required: true, content: { 'application/json': { schema: docSchemas.skillsPublishRequest } } },
    },
    responses,
  });
}
