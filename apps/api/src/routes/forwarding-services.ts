import { createForwardSender, type Forwarding, isCoreError, type SendForward } from '@scanrelay/core';
import type { ApiServices } from '../app-env.js';
import { ApiProblem } from '../errors/api-problem.js';

/** The destinations and the sender of forward attempts, when the service has destinations. */
export function forwardingOf(
  services: ApiServices,
): { forwarding: Forwarding; send: SendForward } | undefined {
  const { forwarding } = services;
  return forwarding && { forwarding, send: createForwardSender(services.queue, services.config.queueName) };
}

/** A core refusal (an unknown destination, incomplete credentials, an unknown scan) as a problem. */
export function forwardProblem(err: unknown, field: string): unknown {
  if (!isCoreError(err)) return err;
  if (err.code === 'not_found') return new ApiProblem('NOT_FOUND', err.detail, { cause: err });
  return new ApiProblem('VALIDATION_FAILED', err.detail, {
    errors: [{ path: field, message: err.detail }],
    cause: err,
  });
}
