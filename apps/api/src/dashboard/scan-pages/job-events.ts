import type { ApiServices } from '../../app-env.js';
import { uuidParamSchema } from '../../schemas/common.js';
import { streamJobLog } from '../../stream-job-log.js';
import type { DashboardContext } from '../dashboard-context.js';
import { lastEventIdSchema, parsed } from './query.js';

/**
 * `GET /dashboard/jobs/:id/events` (session cookie): the job's log for the job page, from the line
 * after `Last-Event-ID` (an EventSource reconnecting) or `?after=`; the `end` event carries
 * `{status, finishedAt, error}`. Another tenant's job is 404.
 */
export async function jobEvents(
  c: DashboardContext,
  services: ApiServices,
  shutdown?: AbortSignal,
): Promise<Response> {
  const tenantId = c.get('principal').tenant.id;
  const id = parsed(uuidParamSchema.safeParse({ id: c.req.param('id') }));
  const job = id.ok ? await services.store.jobs.get(tenantId, id.data.id) : undefined;
  if (!job) return c.text('no such job', 404);
  const after = parsed(lastEventIdSchema.safeParse(c.req.header('last-event-id') ?? c.req.query('after')));
  if (!after.ok) return c.text(`Last-Event-ID or after: ${after.message}`, 400);
  return streamJobLog(c, {
    services,
    tenantId,
    jobId: job.id,
    afterSeq: after.data,
    shutdown,
    endData: (ended) => ({ status: ended.status, finishedAt: ended.finishedAt, error: ended.error }),
  });
}
