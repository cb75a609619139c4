import type { FindingsIngestQuery } from '@scanrelay/api-schema';
import { findAwaitedScans } from '@scanrelay/core';
import type { ApiServices } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';

type Query = Required<Pick<FindingsIngestQuery, 'provider'>> &
  Pick<FindingsIngestQuery, 'project' | 'scan_id'>;

/**
 * The project and provider scan id of a bare findings array: from `?scan_id=` (the project from
 * `?project=`, else the scan's, else the Invicti webhook's), or else the one completion awaiting
 * results (core's `findAwaitedScans`). Anything else is a 400 that says to add `scan_id`.
 */
export async function resolveBareScan(
  services: ApiServices,
  tenantId: string,
  q: Query,
): Promise<{ project: string; externalId: string }> {
  const hook = services.config.invictiWebhook;
  if (q.scan_id) {
    const known = await services.store.scans.getByExternalId(tenantId, q.provider, q.scan_id);
    const project = q.project ?? known?.project ?? (q.provider === 'invicti' ? hook.project : undefined);
    if (!project)
      throw new ApiProblem(
        'VALIDATION_FAILED',
        `add ?project=: no ${q.provider} scan "${q.scan_id}" is known`,
        {
          errors: [{ path: 'query.project', message: 'required' }],
        },
      );
    return { project, externalId: q.scan_id };
  }
  const awaited = await findAwaitedScans(services.store, {
    tenantId,
    project: q.project,
    provider: q.provider,
    mode: hook.mode,
  });
  const [only] = awaited;
  if (awaited.length === 1 && only?.externalId) return { project: only.project, externalId: only.externalId };
  const where = q.project ? ` of project "${q.project}"` : '';
  throw new ApiProblem(
    'VALIDATION_FAILED',
    awaited.length === 0
      ? `add ?scan_id=<the provider's scan id>: no recent completion${where} awaits these results`
      : `add ?scan_id=<the provider's scan id>: ${awaited.length} recent completions${where} await results`,
    { errors: [{ path: 'query.scan_id', message: 'required' }] },
  );
}
