import type { Forward } from '@scanrelay/api-schema';
import type { StoredForward } from '@scanrelay/storage';

/** A forward as the API shows it: no tenant, no context, no kept report (credentials are never read). */
export function forwardView(f: StoredForward): Forward {
  const { tenantId: _t, context: _c, reportFile: _r, ...rest } = f;
  return rest;
}
