import { readBodyLimited } from '@scanrelay/hmac-webhooks/hono';
import { ApiProblem } from '../errors/api-problem.js';

/** The raw body, read once (signatures are over these bytes); 413 as soon as it passes `max`. */
export async function readWebhookBody(request: Request, max: number): Promise<Uint8Array> {
  const body = await readBodyLimited(request, max);
  if (body === 'too_large')
    throw new ApiProblem('PAYLOAD_TOO_LARGE', `the webhook body is larger than ${max} bytes`);
  return body;
}
