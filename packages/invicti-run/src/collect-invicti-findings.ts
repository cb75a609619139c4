import type { Finding } from '@scanrelay/findings-schema';
import type { InvictiClient, ListIssuesOptions } from '@scanrelay/invicti-client';

export interface CollectInvictiFindingsOptions {
  signal?: AbortSignal;
  /** Called after each page of `issues/allissues` with how far the walk is. */
  onPage?: ListIssuesOptions['onPage'];
  /** As listIssues: default the scan's WebsiteName (one `scans/detail` call); `null` reads the whole account. */
  websiteName?: string | null;
  onWarning?: (message: string) => void;
}

/**
 * The findings of one Invicti scan: its issues, page by page (`listIssues`), mapped one by one by
 * `mapInvictiIssues` of @scanrelay/parsers. The parsers are loaded on first use, so a fire-and-forget
 * launch never pays for them.
 */
export async function* collectInvictiFindings(
  client: Pick<InvictiClient, 'listIssues'>,
  scanId: string,
  opts: CollectInvictiFindingsOptions = {},
): AsyncGenerator<Finding> {
  const { mapInvictiIssues } = await import('@scanrelay/parsers');
  const issues = client.listIssues(scanId, {
    signal: opts.signal,
    onPage: opts.onPage,
    websiteName: opts.websiteName,
  });
  yield* mapInvictiIssues(issues, { onWarning: opts.onWarning });
}
