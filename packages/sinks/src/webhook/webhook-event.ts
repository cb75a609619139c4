import { createHash } from 'node:crypto';
import type { ForwardedStatus, ImportType, SeverityCounts, TriagedFinding } from '@scanrelay/findings-schema';

/** The event types the webhook sink sends. */
export const WEBHOOK_EVENT_TYPES = ['findings.batch', 'findings.summary'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What every event says of the scan. */
export interface WebhookScan {
  scanId: string;
  tenantId: string;
  project: string;
  scanner: string;
  importType: ImportType;
}

/**
 * A finding as a webhook delivers it: the canonical finding with its `status` (`open`,
 * `false-positive` or `accepted-risk`) and, when triaged, `triage` (the reason, the expiry of an
 * accepted risk, when it was decided).
 */
export type WebhookFinding = TriagedFinding & { status: ForwardedStatus };

/** `findings.batch`: one batch of canonical findings; `batch` counts from 0. */
export interface FindingsBatchEvent {
  type: 'findings.batch';
  timestamp: string;
  data: WebhookScan & { batch: number; count: number; findings: WebhookFinding[] };
}

/** `findings.summary`: sent last, after every batch was accepted; `triaged` of `total` had a triage status. */
export interface FindingsSummaryEvent {
  type: 'findings.summary';
  timestamp: string;
  data: WebhookScan & { batches: number; total: number; triaged: number; counts: SeverityCounts };
}

export type WebhookEvent = FindingsBatchEvent | FindingsSummaryEvent;

/**
 * The Standard Webhooks `webhook-id` of one event of a forward: derived from the destination, the scan
 * and the event, so a retried delivery (by the request core, or a later retry of the whole forward)
 * carries the same id and a receiver can drop the repeat.
 */
export function webhookId(destination: string, scanId: string, event: string): string {
  const digest = createHash('sha256').update(`${destination}\n${scanId}\n${event}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}
