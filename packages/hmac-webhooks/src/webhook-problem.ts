import type { VerifyFailure, VerifyFailureReason } from './verify-result.js';

/** Stable `code`s of the problem+json answers about webhooks. */
export type WebhookProblemCode =
  | 'webhook_header_missing'
  | 'webhook_header_malformed'
  | 'webhook_timestamp_out_of_range'
  | 'webhook_signature_invalid'
  | 'webhook_replayed'
  | 'webhook_body_invalid'
  | 'payload_too_large';

/** An RFC 9457 problem document with scanrelay's stable `code`. */
export interface WebhookProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: WebhookProblemCode;
}

const CODES: Record<VerifyFailureReason, { code: WebhookProblemCode; title: string }> = {
  header_missing: { code: 'webhook_header_missing', title: 'Webhook signature header missing' },
  header_malformed: { code: 'webhook_header_malformed', title: 'Webhook signature header malformed' },
  timestamp_too_old: { code: 'webhook_timestamp_out_of_range', title: 'Webhook timestamp out of range' },
  timestamp_too_new: { code: 'webhook_timestamp_out_of_range', title: 'Webhook timestamp out of range' },
  signature_mismatch: { code: 'webhook_signature_invalid', title: 'Webhook signature invalid' },
  replayed: { code: 'webhook_replayed', title: 'Webhook delivery replayed' },
};

/** A problem document; `type` is `urn:scanrelay:problem:<code with dashes>`, as the API's own problems. */
export function problem(
  code: WebhookProblemCode,
  status: number,
  title: string,
  detail: string,
): WebhookProblem {
  return { type: `urn:scanrelay:problem:${code.replaceAll('_', '-')}`, title, status, detail, code };
}

/** The 401 problem+json answer for a refused delivery. */
export function webhookProblem(result: VerifyFailure): WebhookProblem {
  const { code, title } = CODES[result.reason];
  return problem(code, 401, title, result.detail);
}
