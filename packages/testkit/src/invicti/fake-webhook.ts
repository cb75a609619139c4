/** The scan-completed notification the fake sends, shaped like Invicti's generic Webhook integration. */
export interface FakeWebhookOptions {
  url: string;
  /** Which terminal states notify. Default `['ScanCompleted']`. */
  events?: WebhookEvent[];
  method?: 'POST' | 'PUT';
  /** `Json` (default) or `Form` (application/x-www-form-urlencoded, nested values as JSON). */
  parameterType?: 'Json' | 'Form';
  /** The parameter names Invicti lets the user choose for title, body and issue data. */
  titleKey?: string;
  bodyKey?: string;
  issueKey?: string;
  /** HTTP Basic credentials Invicti sends to the receiver. */
  username?: string;
  password?: string;
  headers?: Record<string, string>;
  /** Replaces the whole payload. */
  payload?: (event: WebhookEventData) => unknown;
  timeoutMs?: number;
}

export type WebhookEvent = 'ScanCompleted' | 'ScanFailed' | 'ScanCancelled';

export interface WebhookEventData {
  event: WebhookEvent;
  scanId: string;
  state: string;
  targetUrl: string;
  websiteId: string;
  websiteName: string;
  issueCount: number;
}

export interface WebhookDelivery {
  event: WebhookEvent;
  scanId: string;
  url: string;
  /** The receiver's status, or undefined when the call failed (see `error`). */
  status?: number;
  error?: string;
  body: string;
  headers: Record<string, string>;
}

export const EVENT_FOR_STATE: Record<string, WebhookEvent> = {
  Complete: 'ScanCompleted',
  Failed: 'ScanFailed',
  Cancelled: 'ScanCancelled',
};

/** Builds and sends one delivery; never throws (failures are recorded). */
export async function deliverWebhook(
  opts: FakeWebhookOptions,
  data: WebhookEventData,
): Promise<WebhookDelivery> {
  const payload = opts.payload
    ? opts.payload(data)
    : {
        [opts.titleKey ?? 'Title']:
          `${data.event === 'ScanCompleted' ? 'Scan Completed' : data.event === 'ScanFailed' ? 'Scan Failed' : 'Scan Cancelled'}: ${data.targetUrl}`,
        [opts.bodyKey ?? 'Body']:
          `Scan ${data.scanId} of ${data.targetUrl} ended ${data.state} with ${data.issueCount} issues.`,
        [opts.issueKey ?? 'Issue']: {
          Event: data.event,
          ScanId: data.scanId,
          ScanTaskId: data.scanId,
          State: data.state,
          TargetUrl: data.targetUrl,
          WebsiteId: data.websiteId,
          WebsiteName: data.websiteName,
          IssueCount: data.issueCount,
        },
      };
  const headers: Record<string, string> = { 'user-agent': 'Invicti-Fake/1.0', ...opts.headers };
  let body: string;
  if (opts.parameterType === 'Form') {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(payload as Record<string, unknown>))
      form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
    body = form.toString();
  } else {
    headers['content-type'] = 'application/json; charset=utf-8';
    body = JSON.stringify(payload);
  }
  if (opts.username !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}`;
  }
  const delivery: WebhookDelivery = { event: data.event, scanId: data.scanId, url: opts.url, body, headers };
  try {
    const res = await fetch(opts.url, {
      method: opts.method ?? 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
    });
    delivery.status = res.status;
    await res.body?.cancel();
  } catch (error) {
    delivery.error = (error as Error).message;
  }
  return delivery;
}
