import type { PublishAnswer, PublishRequest } from '@scanrelay/api-schema';
import type { Dispatcher } from '@scanrelay/dispatch';
import type { OutboundPolicy, ResolveOptions } from '@scanrelay/outbound';
import type { Store } from '@scanrelay/storage/types';
import type { EnqueueJob } from '../invicti/create-invicti-completion.js';
import type { Logger } from '../logger.js';
import type { SastConfig } from './sast-config.js';

/** What the external SAST services need; the API builds one from its configuration. */
export interface SastDeps {
  store: Store;
  config: SastConfig;
  /** Sends `github` backends' dispatches (holds the GitHub token); without it they fail to dispatch. */
  github?: Dispatcher;
  /** Stores and queues a job (the `local` backend's `sast-scan` job). */
  enqueue: EnqueueJob;
  /** The rules repository URLs and scanner-worker URLs are checked against. */
  outbound: OutboundPolicy;
  /** Host name resolution for the URL checks (tests). */
  lookup?: ResolveOptions['lookup'];
  /** The clock (tests inject one). */
  now?: () => Date;
  logger?: Logger;
}

/** A publish, as the API hands it over (`tenantId` from the API key). */
export interface PublishInput extends PublishRequest {
  tenantId: string;
  project: string;
}

export type { PublishAnswer };
