import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { checkBasicAuth } from './basic-auth.js';
import { createFaultQueue, malformedResponse } from './fake-faults.js';
import { type FakeIssue, makeIssues } from './fake-issues.js';
import {
  deliverWebhook,
  EVENT_FOR_STATE,
  type FakeWebhookOptions,
  type WebhookDelivery,
} from './fake-webhook.js';
import { registerInvictiRoutes } from './invicti-routes.js';
import { createInvictiStore, type FakeScan, type FakeWebsite } from './invicti-store.js';
import type { ScanPlan } from './scan-plan.js';

export interface FakeInvictiOptions {
  /** Basic-auth user id the fake accepts. Default `fake-user-id`. */
  userId?: string;
  /** Basic-auth API token the fake accepts. Default `fake-api-token`. */
  apiToken?: string;
  /** Default plan of every scan (states, durations, outcome, issues). */
  plan?: ScanPlan;
  /** Registered websites; when given, launching a target outside them answers 400. Default: any target, a website is created per origin. */
  websites?: { Id?: string; Name: string; RootUrl: string }[];
  /** Scan profile names `scans/newwithprofile` accepts. Default: any name. */
  profiles?: string[];
  /** Where the fake clock starts. Default: now. */
  startTime?: Date | number;
  /** Each `scans/status` and `scans/detail` request first moves the clock this far (so polling alone drives scans). Default 0. */
  autoAdvanceMs?: number;
  /** The scan-completed notification to send, if any. */
  webhook?: FakeWebhookOptions;
}

export interface RecordedRequest {
  method: string;
  /** Lower-cased path after the host, e.g. `/api/1.0/scans/status/…`. */
  path: string;
  query: Record<string, string>;
  status: number;
  authorized: boolean;
}

/** The fake's app and controls, without a listening server (see createFakeInvicti). */
export function createFakeInvictiApp(opts: FakeInvictiOptions = {}) {
  const userId = opts.userId ?? 'fake-user-id';
  const apiToken = opts.apiToken ?? 'fake-api-token';
  const faults = createFaultQueue();
  const requests: RecordedRequest[] = [];
  const webhookDeliveries: WebhookDelivery[] = [];
  const pending = new Set<Promise<unknown>>();
  let webhook = opts.webhook;

  const onTerminal = (scan: FakeScan) => {
    const event = EVENT_FOR_STATE[scan.state];
    if (!webhook || !event || !(webhook.events ?? ['ScanCompleted']).includes(event)) return;
    const p = deliverWebhook(webhook, {
      event,
      scanId: scan.id,
      state: scan.state,
      targetUrl: scan.targetUrl,
      websiteId: scan.website.Id,
      websiteName: scan.website.Name,
      issueCount: scan.issueCount,
    }).then((d) => webhookDeliveries.push(d));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const websites: FakeWebsite[] | undefined = opts.websites?.map((w) => ({
    Id: w.Id ?? randomUUID(),
    Name: w.Name,
    RootUrl: w.RootUrl,
  }));
  const start = opts.startTime instanceof Date ? opts.startTime.getTime() : opts.startTime;
  const store = createInvictiStore({ startTime: start, plan: opts.plan, websites, onTerminal });

  const app = new Hono({
    // ASP.NET routing ignores case and a trailing slash; so does the fake.
    getPath: (req) => {
      const path = new URL(req.url).pathname.toLowerCase();
      return path.length > 1 ? path.replace(/\/+$/, '') : path;
    },
  });

  app.use('*', async (c, next) => {
    const url = new URL(c.req.url);
    const entry: RecordedRequest = {
      method: c.req.method,
      path: url.pathname.toLowerCase(),
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorized: checkBasicAuth(c.req.header('authorization'), userId, apiToken),
    };
    requests.push(entry);
    if (!entry.authorized) {
      entry.status = 401;
      return c.json({ Message: 'Authorization has been denied for this request.' }, 401, {
        'www-authenticate': 'Basic realm="Invicti"',
      });
    }
    const path = entry.path.replace(/^\/api\/1\.0\/?/, '');
    for (const fault of faults.take(path)) {
      if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
      else if (fault.kind === 'malformed') {
        entry.status = 200;
        return malformedResponse(fault.body);
      } else {
        entry.status = fault.status;
        const headers: Record<string, string> =
          fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
        return c.json({ Message: fault.message ?? 'An error has occurred.' }, fault.status as 500, headers);
      }
    }
    if (opts.autoAdvanceMs && /^scans\/(status|detail)\//.test(path)) store.advance(opts.autoAdvanceMs);
    await next();
    entry.status = c.res.status;
  });

  registerInvictiRoutes(app, store, { profiles: opts.profiles });
  app.notFound((c: Context) =>
    c.json({ Message: `No HTTP resource was found that matches the request URI '${c.req.url}'.` }, 404),
  );

  return {
    app,
    requests,
    webhookDeliveries,
    clock: { now: store.now, advance: store.advance },
    /** Moves the fake clock forward; scans change state and notify as they would have. */
    advance: store.advance,
    /** Forces a scan into a state (any string, so unknown states can be tested); it stays there. */
    setState: store.setState,
    /** The next launched scan follows this plan (queued; one per launch). */
    planNext: store.planNext,
    /** The next `count` matching requests answer `status` (with `Retry-After` when given). */
    failNext(
      status: number,
      o: { retryAfter?: number | string; count?: number; path?: string; message?: string } = {},
    ) {
      faults.add({ kind: 'status', status, retryAfter: o.retryAfter, message: o.message }, o);
    },
    /** The next `count` matching requests wait `delayMs` of real time before answering. */
    slowNext(delayMs: number, o: { count?: number; path?: string } = {}) {
      faults.add({ kind: 'slow', delayMs }, o);
    },
    /** The next `count` matching requests answer 200 with a broken body. */
    malformNext(o: { body?: 'truncated' | 'html' | 'wrong-shape'; count?: number; path?: string } = {}) {
      faults.add({ kind: 'malformed', body: o.body ?? 'truncated' }, o);
    },
    clearFaults: () => faults.clear(),
    /** Adds issues to the account (e.g. other websites or older scans), completed with defaults. */
    seedIssues(
      scan: { id: string; targetUrl: string; websiteName?: string },
      spec: number | Record<string, unknown>[],
    ): FakeIssue[] {
      const website = store.websiteFor(scan.targetUrl);
      const made = makeIssues(
        {
          id: scan.id,
          targetUrl: scan.targetUrl,
          websiteId: website?.Id ?? randomUUID(),
          websiteName: scan.websiteName ?? website?.Name ?? new URL(scan.targetUrl).host,
          websiteRootUrl: website?.RootUrl ?? new URL(scan.targetUrl).origin,
        },
        spec,
        store.now(),
      );
      store.issues.push(...made);
      return made;
    },
    configureWebhook(o: FakeWebhookOptions | undefined) {
      webhook = o;
    },
    /** Resolves when every notification sent so far has been answered (or failed). */
    async flushWebhooks() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    /** The scans, as `scans/detail` would show them. */
    getScan: (id: string) => store.get(id),
    scans: () => [...store.scans.values()],
    issues: store.issues,
    websites: store.websites,
    credentials: { userId, apiToken },
  };
}

export type FakeInvictiApp = ReturnType<typeof createFakeInvictiApp>;
