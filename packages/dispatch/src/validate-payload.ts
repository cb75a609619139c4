import { DispatchError } from './dispatch-error.js';
import type { DispatchTarget } from './types.js';

export const MAX_WORKFLOW_INPUTS = 25;
export const MAX_CLIENT_PAYLOAD_KEYS = 10;
export const MAX_CLIENT_PAYLOAD_BYTES = 65_535;
export const MAX_EVENT_TYPE_LENGTH = 100;

/** Payload keys that look like credentials: refused, because workflow inputs and payloads are visible in logs. */
const SECRET_KEY =
  /(secret|token|password|passwd|api[_-]?key|apikey|credential|private[_-]?key|authorization)/i;

/**
 * Checks GitHub's documented limits before anything is sent, and refuses anything that looks like a
 * credential: a workflow reads its secrets from its own repository secrets, never from inputs.
 */
export function validatePayload(target: DispatchTarget, payload: Record<string, string>): void {
  const keys = Object.keys(payload);
  for (const key of keys) {
    if (SECRET_KEY.test(key)) {
      throw new DispatchError(
        'dispatch_secret_in_payload',
        `payload key "${key}" looks like a credential; secrets never travel as workflow inputs or dispatch payloads`,
      );
    }
    if (typeof payload[key] !== 'string') {
      throw new DispatchError('dispatch_payload_invalid', `payload key "${key}": expected a string value`);
    }
  }
  if (target.kind === 'workflow_dispatch' && keys.length > MAX_WORKFLOW_INPUTS) {
    throw new DispatchError(
      'dispatch_payload_too_large',
      `workflow_dispatch takes at most ${MAX_WORKFLOW_INPUTS} inputs, got ${keys.length}`,
    );
  }
  if (target.kind === 'repository_dispatch') {
    if (keys.length > MAX_CLIENT_PAYLOAD_KEYS) {
      throw new DispatchError(
        'dispatch_payload_too_large',
        `repository_dispatch client_payload takes at most ${MAX_CLIENT_PAYLOAD_KEYS} top-level keys, got ${keys.length}`,
      );
    }
    const size = Buffer.byteLength(JSON.stringify(payload));
    if (size > MAX_CLIENT_PAYLOAD_BYTES) {
      throw new DispatchError(
        'dispatch_payload_too_large',
        `repository_dispatch client_payload must be under 64 KB, got ${size} bytes`,
      );
    }
    if (target.eventType.length === 0 || target.eventType.length > MAX_EVENT_TYPE_LENGTH) {
      throw new DispatchError(
        'dispatch_payload_invalid',
        `event type must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters`,
      );
    }
  }
}
