import type { Context, Hono } from 'hono';
import { pageOf, reportOf } from './fake-issues.js';
import { type InvictiStore, scanTaskModel } from './invicti-store.js';

const GUID = /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const API = '/api/1.0';

const message = (c: Context, status: 400 | 404, text: string) => c.json({ Message: text }, status);

/** Reads a JSON or form-encoded body, as Invicti accepts both. Undefined when unreadable. */
async function readBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(text);
    // ASP.NET binds a bare form value (`=id`) to a simple-typed body.
    return form.has('') ? form.get('') : Object.fromEntries(form);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const entry = Object.entries(body).find(([k]) => k.toLowerCase() === name.toLowerCase());
  return typeof entry?.[1] === 'string' && entry[1].trim() !== '' ? entry[1].trim() : undefined;
}

function validTarget(uri: string | undefined): boolean {
  if (!uri) return false;
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The documented endpoints the fake implements, with the documented shapes and statuses. */
export function registerInvictiRoutes(app: Hono, store: InvictiStore, opts: { profiles?: string[] }) {
  const detail = (scan: NonNullable<ReturnType<InvictiStore['get']>>) =>
    scanTaskModel(scan, store.now(), store.issues);

  const launch = async (c: Context, kind: 'new' | 'newwithprofile' | 'incremental') => {
    const body = await readBody(c);
    if (body === undefined || typeof body !== 'object' || body === null)
      return message(c, 400, 'The request is invalid.');
    if (kind === 'incremental') {
      const baseId = field(body, 'BaseScanId');
      const base = baseId ? store.get(baseId) : undefined;
      if (!base) return message(c, 400, 'BaseScanId: a completed scan is required.');
      if (base.state !== 'Complete')
        return message(
          c,
          400,
          `Base scan ${base.id} is ${base.state}; an incremental scan needs a completed base scan.`,
        );
      const scan = store.launch({
        targetUrl: base.targetUrl,
        scanType: 'Incremental',
        profileName: base.profileName,
        policyId: base.policyId,
      });
      return scan ? c.json(detail(scan), 201) : message(c, 400, 'The website of the base scan is gone.');
    }
    const target = field(body, 'TargetUri');
    if (!validTarget(target))
      return message(c, 400, 'TargetUri: the target URI is required and must be an absolute http(s) URL.');
    const profileName = field(body, 'ProfileName');
    if (kind === 'newwithprofile') {
      if (!profileName) return message(c, 400, 'ProfileName: the profile name is required.');
      if (opts.profiles && !opts.profiles.includes(profileName))
        return message(c, 400, `Could not find a scan profile named '${profileName}'.`);
    }
    const policyId = field(body, 'PolicyId');
    if (policyId && !GUID.test(policyId)) return message(c, 400, 'PolicyId: the value is not a valid GUID.');
    const tags = (body as { Tags?: unknown }).Tags;
    const scan = store.launch({
      targetUrl: target as string,
      profileName: kind === 'newwithprofile' ? profileName : undefined,
      policyId,
      tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : undefined,
      comments: field(body, 'Comments'),
    });
    if (!scan)
      return message(
        c,
        400,
        `The target URI '${target}' does not belong to a website registered in this account.`,
      );
    return kind === 'new' ? c.json([detail(scan)], 201) : c.json(detail(scan), 201);
  };

  app.post(`${API}/scans/new`, (c) => launch(c, 'new'));
  app.post(`${API}/scans/newwithprofile`, (c) => launch(c, 'newwithprofile'));
  app.post(`${API}/scans/incremental`, (c) => launch(c, 'incremental'));

  app.get(`${API}/scans/status/:id`, (c) => {
    const scan = store.get(c.req.param('id'));
    if (!scan) return message(c, 404, 'Scan not found.');
    const m = detail(scan);
    return c.json({
      CompletedSteps: m.CompletedSteps,
      EstimatedLaunchTime: m.EstimatedLaunchTime,
      EstimatedSteps: m.EstimatedSteps,
      State: m.State,
    });
  });

  app.get(`${API}/scans/detail/:id`, (c) => {
    const scan = store.get(c.req.param('id'));
    return scan ? c.json(detail(scan)) : message(c, 404, 'Scan not found.');
  });

  app.post(`${API}/scans/cancel`, async (c) => {
    const body = await readBody(c);
    const id = typeof body === 'string' ? body : field(body, 'id');
    const scan = id ? store.get(id) : undefined;
    if (!scan) return c.json('ScanNotFound');
    if (scan.state === 'Complete') return c.json('ScanCompleted');
    if (scan.state === 'Failed') return c.json('ScanFailed');
    if (scan.state === 'Cancelled') return c.json('ScanCancelled');
    store.setState(scan.id, 'Cancelled');
    return c.json('Ok');
  });

  app.get(`${API}/issues/allissues`, (c) => {
    const q = (name: string) => c.req.query(name) ?? c.req.query(name.toLowerCase());
    const page = Number(q('page') ?? 1);
    const pageSize = Number(q('pageSize') ?? 20);
    if (!Number.isInteger(page) || page < 1)
      return message(c, 400, 'page: the page index must be 1 or more.');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200)
      return message(c, 400, 'pageSize: page size can be any value between 1 and 200.');
    const site = q('webSiteName')?.toLowerCase();
    const severity = q('severity')?.toLowerCase();
    const list = store.issues.filter(
      (i) =>
        (!site || i.WebsiteName.toLowerCase() === site) &&
        (!severity || i.Severity.toLowerCase() === severity),
    );
    return c.json(pageOf(list, page, pageSize));
  });

  app.get(`${API}/scans/report`, (c) => {
    // Parameter names bind case-insensitively (the Jenkins plugin sends Id/Type/Format).
    const params = Object.fromEntries(Object.entries(c.req.query()).map(([k, v]) => [k.toLowerCase(), v]));
    if (!params.id || !params.type || !params.format)
      return message(c, 400, 'id, type and format are required.');
    const scan = store.get(params.id);
    if (!scan) return message(c, 404, 'Scan not found.');
    if (params.type.toLowerCase() !== 'vulnerabilities' || params.format.toLowerCase() !== 'json') {
      return message(c, 400, 'The fake Invicti serves only type=Vulnerabilities&format=Json.');
    }
    if (scan.state !== 'Complete')
      return message(c, 400, `The report is not ready: the scan is ${scan.state}.`);
    return c.json(
      reportOf(
        scan,
        store.issues.filter((i) => i.LatestScanId === scan.id),
        store.now(),
      ),
    );
  });

  app.get(`${API}/websites/get/:id`, (c) => {
    const id = c.req.param('id');
    const site = store.websites.find((w) => w.Id.toLowerCase() === id.toLowerCase());
    return site
      ? c.json({ ...site, CreatedAt: new Date(store.now()).toISOString() })
      : message(c, 404, 'Website not found.');
  });
}
