import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import { type CallbackRetry, postCallback } from '@scanrelay/sast-runners';
import type { ScanJobDeps } from './run-scan-job.js';

export interface DeliverByCallbackOptions {
  /** Signs every callback (scanrelay scheme, plus the bare body HMAC). */
  secret: string | readonly string[];
  policy?: OutboundPolicy;
  lookup?: ResolveOptions['lookup'];
  retry?: CallbackRetry;
}

/** The worker's delivery: @scanrelay/sast-runners' `postCallback` (outbound rules, signed, retried with backoff). */
export function deliverByCallback(options: DeliverByCallbackOptions): ScanJobDeps['deliver'] {
  const { secret } = options;
  return async (result, url, { signal }) => {
    await postCallback({
      url,
      secret,
      result,
      policy: options.policy,
      lookup: options.lookup,
      retry: options.retry,
      signal,
    });
  };
}
