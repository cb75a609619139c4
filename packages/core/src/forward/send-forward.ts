import type { Queue } from '@scanrelay/queue';
import { z } from 'zod';

/** The queue message name of one forward attempt (on the jobs' queue; its data: `{ forwardId, attempt }`). */
export const FORWARD_MESSAGE = 'forward';

/** `attempt`: which attempt (1-based) the message runs; a message for an attempt that is over is stale. */
export const forwardMessageSchema = z.object({
  forwardId: z.string().min(1),
  attempt: z.number().int().min(1),
});
export type ForwardMessage = z.infer<typeof forwardMessageSchema>;

/**
 * Queues one attempt of a forward. `messageId` makes it idempotent (a rerun that queues the same
 * attempt adds nothing); `delayMs` schedules a retry.
 */
export type SendForward = (
  message: ForwardMessage,
  opts: { messageId: string; delayMs?: number },
) => Promise<unknown>;

/** Infrastructure failures only (the store down, a lost lease): sink failures are retried by the forward itself. */
const MESSAGE_ATTEMPTS = 3;

export function createForwardSender(queue: Queue, queueName: string): SendForward {
  return (message, { messageId, delayMs }) =>
    queue.enqueue(queueName, FORWARD_MESSAGE, message, {
      jobId: messageId,
      delayMs,
      maxAttempts: MESSAGE_ATTEMPTS,
    });
}
