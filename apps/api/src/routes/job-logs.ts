import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { jobLogLineSchema } from '@scanrelay/api-schema';
import type { JobRecord } from '@scanrelay/storage';
import type { Context, MiddlewareHandler } from 'hono';
import type { UpgradeWebSocket } from 'hono/ws';
import type { ApiServices, AppEnv } from '../app-env.js';
import { API_KEY_SECURITY } from '../docs/security-schemes.js';
import { ApiProblem, notFound } from '../errors/api-problem.js';
import { zodFieldErrors } from '../errors/to-problem.js';
import { followJobLog } from '../follow-job-log.js';
import { requireScope } from '../middleware/require-scope.js';
import { problems, uuidParamSchema } from '../schemas/common.js';
import { jobView, logLineView } from '../schemas/job-view.js';
import { streamJobLog } from '../stream-job-log.js';

/** `Last-Event-ID` (SSE reconnect) or `?after=`: the last line the client has. */
function afterSeq(c: Context): number {
  const raw = c.req.header('last-event-id') ?? c.req.query('after') ?? '0';
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ApiProblem('VALIDATION_FAILED', `Last-Event-ID/after must be a line number, got "${raw}"`);
  return n;
}

/**
 * `GET /api/v1/jobs/:id/logs` (Server-Sent Events: `log` events with the line as JSON and its `seq`
 * as id, then one `end` event with the job) and `GET /api/v1/jobs/:id/logs/ws` (the same as
 * WebSocket messages `{type:'log',…}` and `{type:'end',job}`). Both follow the log until the job ends.
 */
export function registerJobLogs(
  app: OpenAPIHono<AppEnv>,
  services: ApiServices,
  upgradeWebSocket: UpgradeWebSocket | undefined,
  shutdown: AbortSignal,
): void {
  const read = requireScope(services, 'read');
  const loadJob: MiddlewareHandler<AppEnv> = async (c, next) => {
    const id = uuidParamSchema.safeParse({ id: c.req.param('id') });
    if (!id.success)
      throw new ApiProblem('VALIDATION_FAILED', `invalid id: ${id.error.issues[0]?.message}`, {
        errors: zodFieldErrors(id.error, 'param'),
      });
    const job = await services.store.jobs.get(c.get('principal').tenant.id, id.data.id);
    if (!job) throw notFound('job');
    await next();
  };

  app.get('/api/v1/jobs/:id/logs', read, loadJob, (c) => {
    const after = afterSeq(c);
    const tenantId = c.get('principal').tenant.id;
    const jobId = c.req.param('id');
    return streamJobLog(c, {
      services,
      tenantId,
      jobId,
      afterSeq: after,
      shutdown,
      endData: (job: JobRecord) => jobView(job),
    });
  });

  if (upgradeWebSocket) {
    app.get(
      '/api/v1/jobs/:id/logs/ws',
      read,
      loadJob,
      upgradeWebSocket((c) => {
        const abort = new AbortController();
        const tenantId = c.get('principal').tenant.id;
        const jobId = c.req.param('id') ?? '';
        const after = afterSeq(c);
        const stop = () => abort.abort();
        return {
          onOpen(_event, ws) {
            shutdown.addEventListener('abort', stop, { once: true });
            followJobLog({
              store: services.store,
              tenantId,
              jobId,
              afterSeq: after,
              pollMs: services.config.logPollMs,
              signal: abort.signal,
              onLine: (line) => ws.send(JSON.stringify({ type: 'log', ...logLineView(line) })),
              onEnd: (job) => ws.send(JSON.stringify({ type: 'end', job: jobView(job) })),
            })
              .then(() => ws.close(1000, abort.signal.aborted ? 'server closing' : 'job ended'))
              .catch((err) => {
                services.logger.error('job log websocket failed', { jobId, err });
                ws.close(1011, 'internal error');
              })
              .finally(() => shutdown.removeEventListener('abort', stop));
          },
          onClose: stop,
          onError: stop,
        };
      }),
    );
  }

  const request = {
    params: uuidParamSchema,
    query: z.object({
      after: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .meta({ description: 'The seq of the last line the client has; the stream starts after it' }),
    }),
    headers: z.object({
      'last-event-id': z.string().optional().meta({ description: 'SSE reconnect: the same as `after`' }),
    }),
  };
  const responses = {
    ...problems(400, 401, 403),
    404: { ...problems(404)[404], description: 'No such job for this tenant' },
  };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/api/v1/jobs/{id}/logs',
    operationId: 'followJobLog',
    tags: ['jobs'],
    summary: 'Follow a job’s log as Server-Sent Events until the job ends',
    description:
      'Events: `log` (data: a JobLogLine as JSON, id: its seq; reconnect with Last-Event-ID to resume) and one final ' +
      '`end` (data: the Job). A `: keep-alive` comment every 15 s keeps proxies from closing the stream.',
    security: API_KEY_SECURITY,
    request,
    responses: {
      200: {
        description: 'The event stream; each `log` event’s data is a JobLogLine',
        content: { 'text/event-stream': { schema: jobLogLineSchema } },
      },
      ...responses,
    },
  });
  if (upgradeWebSocket)
    app.openAPIRegistry.registerPath({
      method: 'get',
      path: '/api/v1/jobs/{id}/logs/ws',
      operationId: 'followJobLogWebSocket',
      tags: ['jobs'],
      summary: 'Follow a job’s log over a WebSocket until the job ends',
      description:
        'Upgrade with the usual WebSocket handshake. Messages are JSON: `{type:"log", seq, level, message, at}` per ' +
        'line, then one `{type:"end", job}`; the server then closes with 1000 (1001 when it shuts down).',
      security: API_KEY_SECURITY,
      request,
      responses: {
        101: { description: 'Switching to the WebSocket protocol' },
        ...responses,
      },
    });
}
