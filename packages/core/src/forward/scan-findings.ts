import type { Finding } from '@scanrelay/findings-schema';
import type { Store } from '@scanrelay/storage/types';

const PAGE = 500;

/**
 * The findings a scan saw, read back from storage page by page (keyset cursor): at most one page is
 * held at a time, however large the scan.
 */
export async function* scanFindings(store: Store, tenantId: string, scanId: string): AsyncGenerator<Finding> {
  let cursor: string | undefined;
  do {
    const page = await store.findings.list(tenantId, { scanId, limit: PAGE, cursor });
    for (const f of page.items) yield f.finding;
    cursor = page.nextCursor;
  } while (cursor);
}
