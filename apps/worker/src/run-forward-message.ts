import { forwardMessageSchema, type Logger, type RunForwardDeps, runForward } from '@scanrelay/core';
import type { HandlerContext, Job } from '@scanrelay/queue';

/**
 * Runs one forward attempt from the queue. A message of the wrong shape is dropped; a store failure
 * is rethrown for the queue to redeliver (sink failures are handled by the forward's own retries).
 */
export async function runForwardMessage(
  deps: RunForwardDeps & { logger: Logger },
  message: Job,
  ctx: HandlerContext,
): Promise<void> {
  const parsed = forwardMessageSchema.safeParse(message.data);
  if (!parsed.success) {
    deps.logger.error('forward message without a forward id: dropped', { queueJobId: message.id });
    return;
  }
  await runForward(deps, parsed.data, ctx.signal);
}
