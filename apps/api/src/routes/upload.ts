import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  IMPORT_TYPES,
  plainTextSchema,
  projectNameSchema,
  uploadAcceptedSchema,
} from '@scanrelay/api-schema';
import { JOB_TYPES, type ProcessUploadInput } from '@scanrelay/core';
import { SCANNER_IDS } from '@scanrelay/parsers';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { enqueueJob } from '../enqueue-job.js';
import { ApiProblem } from '../errors/api-problem.js';
import { zodFieldErrors } from '../errors/to-problem.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems } from '../schemas/common.js';
import { receiveMultipart } from '../upload/receive-multipart.js';
import { sniffReport } from '../upload/sniff-report.js';
import { forwardingOf, forwardProblem } from './forwarding-services.js';

const nameSchema = plainTextSchema(200).trim().min(1);

const uploadFieldsSchema = z.object({
  scanner_type: plainTextSchema(64)
    .default('auto')
    .openapi({ description: `auto, or one of: ${SCANNER_IDS.join(', ')}` }),
  project: projectNameSchema
    .optional()
    .openapi({ description: 'Project the findings belong to; default: the assessment, else "default"' }),
  // The project when `project` is absent: the same rule.
  assessment: projectNameSchema.optional(),
  asset_type: nameSchema.optional().openapi({ example: 'CONTAINER' }),
  import_type: z.enum(IMPORT_TYPES).default('merge'),
  destinations: plainTextSchema(1000)
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean)
        : undefined,
    )
    .openapi({
      type: 'string',
      description: 'Comma-separated destination names overriding the configured defaults',
    }),
  phoenix_client_id: plainTextSchema(500).trim().min(1).optional().openapi({
    description: "Phoenix client id for this upload only (over the service's `phoenix` destination)",
  }),
  phoenix_client_secret: plainTextSchema(2000).min(1).optional().openapi({
    description:
      'Phoenix client secret for this upload only: kept encrypted until forwarding ends, never shown',
  }),
  phoenix_api_url: plainTextSchema(2000).trim().min(1).optional().openapi({
    description: 'Phoenix API URL for this upload only, e.g. https://api.demo.appsecphx.io',
  }),
});

/** Which destinations the upload goes to, its credentials sealed; 400 naming the field when refused. */
function planForwards(
  services: ApiServices,
  f: z.infer<typeof uploadFieldsSchema>,
): Partial<ProcessUploadInput> {
  const phoenix = {
    clientId: f.phoenix_client_id,
    clientSecret: f.phoenix_client_secret,
    apiUrl: f.phoenix_api_url,
  };
  const forwarding = forwardingOf(services)?.forwarding;
  const hasPhoenix = Object.values(phoenix).some((v) => v !== undefined);
  if (!forwarding) {
    if (f.destinations?.length || hasPhoenix)
      throw new ApiProblem('VALIDATION_FAILED', 'this service has no destinations configured', {
        errors: [{ path: hasPhoenix ? 'phoenix_client_id' : 'destinations', message: 'none configured' }],
      });
    return {};
  }
  try {
    const plan = forwarding.plan({ destinations: f.destinations, phoenix: hasPhoenix ? phoenix : undefined });
    return { forwards: plan.destinations, sealedCredentials: plan.sealedCredentials };
  } catch (err) {
    throw forwardProblem(err, 'destinations');
  }
}

/** `<dataDir>/uploads`: reports wait here until a worker has ingested them. */
function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

export function registerUpload(app: OpenAPIHono<AppEnv>, services: ApiServices): void {
  const { config } = services;
  app.post('/api/v1/upload', requireScope(services, 'upload'), async (c) => {
    const dir = uploadsDir(config.dataDir);
    const received = await receiveMultipart(c.req.raw, { dir, maxFileBytes: config.limits.uploadBytes });
    const file = received.file;
    try {
      if (!file)
        throw new ApiProblem('REPORT_EMPTY', 'no report: send it in the "file" field', {
          errors: [{ path: 'file', message: 'required' }],
        });
      const fields = uploadFieldsSchema.safeParse(received.fields);
      if (!fields.success) {
        const errors = zodFieldErrors(fields.error);
        throw new ApiProblem('VALIDATION_FAILED', `invalid ${errors[0]?.path}: ${errors[0]?.message}`, {
          errors,
        });
      }
      if (file.bytes === 0)
        throw new ApiProblem('REPORT_EMPTY', 'the report is empty', {
          errors: [{ path: 'file', message: 'empty' }],
        });
      const f = fields.data;
      const forwards = planForwards(services, f);
      const scanner = await sniffReport(file.path, f.scanner_type);
      const tenantId = c.get('principal').tenant.id;
      const input: ProcessUploadInput = {
        upload: path.basename(file.path),
        bytes: file.bytes,
        // Shown, never trusted: NUL is dropped (PostgreSQL cannot store it).
        filename: file.filename
          ? path.basename(file.filename.replaceAll('\u0000', '')).slice(0, 200)
          : undefined,
        scanner,
        project: f.project ?? f.assessment ?? 'default',
        assessment: f.assessment,
        assetType: f.asset_type,
        importType: f.import_type,
        destinations: f.destinations,
        ...forwards,
      };
      const job = await enqueueJob(services, {
        id: randomUUID(),
        tenantId,
        type: JOB_TYPES.processUpload,
        input,
      });
      services.logger.info('upload accepted', { jobId: job.id, scanner, bytes: file.bytes, tenantId });
      return c.json(
        {
          jobId: job.id,
          status: 'queued' as const,
          scanner,
          bytes: file.bytes,
          links: { job: `/api/v1/jobs/${job.id}`, logs: `/api/v1/jobs/${job.id}/logs` },
        },
        202,
      );
    } catch (err) {
      if (file) await rm(file.path, { force: true });
      throw err;
    }
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/v1/upload',
    operationId: 'uploadReport',
    tags: ['upload'],
    summary: 'Upload a scanner report; a worker parses and ingests it',
    description:
      'The report is streamed to disk (413 beyond the limit) and its format checked before the job is accepted: ' +
      'an empty, unrecognised or malformed report gets 400 with the reason and nothing is kept.',
    security: API_KEY_SECURITY,
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: uploadFieldsSchema.extend({
              file: z.string().openapi({ type: 'string', format: 'binary' }),
            }),
          },
        },
      },
    },
    responses: {
      202: {
        description: 'Accepted; follow the job',
        content: { 'application/json': { schema: uploadAcceptedSchema } },
      },
      ...problems(400, 401, 403, 413, 415, 503),
    },
  });
}
