import { randomUUID } from 'node:crypto';
import type { Dispatcher, DispatchRequest, DispatchResult } from './types.js';
import { validatePayload } from './validate-payload.js';

/** The one method of a queue the local backend needs (structurally, `@scanrelay/queue`'s Queue). */
export interface EnqueueLike {
  enqueue(queue: string, name: string, data: unknown, opts?: { jobId?: string }): Promise<{ id: string }>;
}

/**
 * Dispatches to scanrelay's own queue instead of GitHub. The correlation id is the job id, so a
 * repeated dispatch with the same correlation id enqueues nothing new.
 */
export function createLocalDispatcher(queue: EnqueueLike): Dispatcher {
  return {
    async dispatch(request: DispatchRequest): Promise<DispatchResult> {
      const { target } = request;
      if (target.kind !== 'local') {
        throw new TypeError(
          `@scanrelay/dispatch: the local dispatcher handles local targets, got ${target.kind}`,
        );
      }
      const correlationId = request.correlationId ?? randomUUID();
      validatePayload(target, request.payload);
      const job = await queue.enqueue(
        target.queue,
        target.jobName,
        { ...request.payload, correlation_id: correlationId },
        {
          jobId: correlationId,
        },
      );
      return { correlationId, jobId: job.id };
    },
  };
}

/** Sends each target to the dispatcher of its backend: GitHub, the local queue, or a scanner worker. */
export function createRoutingDispatcher(routes: {
  github?: Dispatcher;
  local?: Dispatcher;
  scannerWorker?: Dispatcher;
}): Dispatcher {
  return {
    dispatch(request) {
      const { kind } = request.target;
      const d =
        kind === 'local' ? routes.local : kind === 'scanner_worker' ? routes.scannerWorker : routes.github;
      if (!d) throw new TypeError(`@scanrelay/dispatch: no dispatcher configured for ${kind} targets`);
      return d.dispatch(request);
    },
  };
}
