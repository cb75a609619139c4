import type { StoredFinding as FindingView } from '@scanrelay/api-schema';
import type { StoredFinding } from '@scanrelay/storage';

/** A stored finding as the API shows it: no tenant or project id. */
export function findingView(f: StoredFinding): FindingView {
  const { tenantId: _t, projectId: _p, ...rest } = f;
  return rest;
}
