import { type Context, Hono } from 'hono';
import { readGenericFindings } from './generic-findings.js';
import { DEFECTDOJO_SCAN_TYPES } from './known-scan-types.js';

export interface FakeDefectDojoOptions {
  /** The API token the fake accepts (`Authorization: Token <token>`). Default `dojo-token`. */
  token?: string;
  /** Scan type names accepted; others answer 400. Default DEFECTDOJO_SCAN_TYPES. */
  scanTypes?: readonly string[];
  /** Products that exist before any import (others need `auto_create_context=true`). */
  products?: Record<string, readonly string[]>;
}

/** One accepted `import-scan` or `reimport-scan`. */
export interface RecordedDojoImport {
  endpoint: 'import-scan' | 'reimport-scan';
  /** Every multipart text field as sent. */
  fields: Record<string, string>;
  fileName: string;
  /** The uploaded file's bytes, exactly. */
  file: Uint8Array;
  testId: number;
  engagementId: number;
  productId: number;
  /** True when this request created the test (an import, or a reimport that found none). */
  createdTest: boolean;
  /** Generic Findings Import only: the findings as DefectDojo read them. */
  genericFindings?: Record<string, unknown>[];
}

export interface DojoRequestLog {
  path: string;
  status: number;
  /** The Authorization header's scheme word (`Token`, `Bearer`), never its value. */
  authScheme: string | undefined;
}

interface DojoTest {
  id: number;
  title: string;
  scanType: string;
  engagementId: number;
  productId: number;
}

const BOOLEAN_FIELDS = [
  'auto_create_context',
  'close_old_findings',
  'do_not_reactivate',
  'active',
  'verified',
];
const MINIMUM_SEVERITIES = new Set(['Info', 'Low', 'Medium', 'High', 'Critical']);

/** The fake DefectDojo API v2 import endpoints as a Hono app, with its records and controls. */
export function createFakeDefectDojoApp(opts: FakeDefectDojoOptions = {}) {
  const token = opts.token ?? 'dojo-token';
  const scanTypes = new Set(opts.scanTypes ?? DEFECTDOJO_SCAN_TYPES);
  const products = new Map<string, { id: number; engagements: Map<string, number> }>();
  const tests: DojoTest[] = [];
  const imports: RecordedDojoImport[] = [];
  const requests: DojoRequestLog[] = [];
  const faults: { status: number; retryAfter?: string }[] = [];
  let nextId = 1;

  for (const [name, engagements] of Object.entries(opts.products ?? {})) {
    products.set(name, { id: nextId++, engagements: new Map(engagements.map((e) => [e, nextId++])) });
  }

  const app = new Hono();
  app.use('*', async (c, next) => {
    await next();
    requests.push({
      path: c.req.path,
      status: c.res.status,
      authScheme: c.req.header('authorization')?.split(' ')[0],
    });
  });
  app.use('/api/v2/*', async (c, next) => {
    const auth = c.req.header('authorization');
    if (!auth) return c.json({ detail: 'Authentication credentials were not provided.' }, 401);
    if (auth !== `Token ${token}`) return c.json({ detail: 'Invalid token.' }, 401);
    const fault = faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
      return c.json({ detail: `injected fault ${fault.status}` }, fault.status as 500, headers);
    }
    await next();
  });

  function contextFor(fields: Record<string, string>, create: boolean) {
    const productName = fields.product_name ?? '';
    const engagementName = fields.engagement_name ?? '';
    let product = products.get(productName);
    if (!product && create) {
      product = { id: nextId++, engagements: new Map() };
      products.set(productName, product);
    }
    if (!product)
      return { error: `Product "${productName}" does not exist and auto_create_context is not true` };
    let engagementId = product.engagements.get(engagementName);
    if (engagementId === undefined && create) {
      engagementId = nextId++;
      product.engagements.set(engagementName, engagementId);
    }
    if (engagementId === undefined)
      return { error: `Engagement "${engagementName}" does not exist and auto_create_context is not true` };
    return { productId: product.id, engagementId };
  }

  async function handle(c: Context, endpoint: 'import-scan' | 'reimport-scan') {
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data'))
      return c.json({ detail: `Unsupported media type "${type}" in request.` }, 415);
    const form = await c.req.parseBody();
    const fields: Record<string, string> = {};
    let upload: File | undefined;
    for (const [k, v] of Object.entries(form)) {
      if (typeof v === 'string') fields[k] = v;
      else if (k === 'file' && v instanceof File) upload = v;
    }
    const bad = validateFields(fields, scanTypes);
    if (bad) return c.json(bad, 400);
    if (!upload) return c.json({ file: ['No file was submitted.'] }, 400);
    const file = new Uint8Array(await upload.arrayBuffer());
    const scanType = fields.scan_type as string;
    let genericFindings: Record<string, unknown>[] | undefined;
    if (scanType === 'Generic Findings Import') {
      const read = readGenericFindings(file);
      if ('error' in read) return c.json({ file: [read.error] }, 400);
      genericFindings = read.findings;
    }
    const create = fields.auto_create_context === 'true';
    const title = fields.test_title || scanType;
    let test: DojoTest | undefined;
    if (endpoint === 'reimport-scan') {
      if (fields.test !== undefined) {
        test = tests.find((t) => String(t.id) === fields.test);
        if (!test) return c.json({ detail: 'Not found.' }, 404);
        if (test.scanType !== scanType)
          return c.json(
            { scan_type: [`Test ${test.id} holds "${test.scanType}" results, not "${scanType}"`] },
            400,
          );
      } else {
        const where = contextFor(fields, false);
        if (!('error' in where))
          test = tests.find(
            (t) => t.engagementId === where.engagementId && t.title === title && t.scanType === scanType,
          );
      }
    }
    let createdTest = false;
    if (!test) {
      if (endpoint === 'reimport-scan' && !create)
        return c.json({ message: 'Test not found, and auto_create_context is not true' }, 400);
      const where = contextFor(fields, create);
      if ('error' in where) return c.json({ message: where.error }, 400);
      test = { id: nextId++, title, scanType, ...where };
      tests.push(test);
      createdTest = true;
    }
    imports.push({
      endpoint,
      fields,
      fileName: upload.name,
      file,
      testId: test.id,
      engagementId: test.engagementId,
      productId: test.productId,
      createdTest,
      ...(genericFindings ? { genericFindings } : {}),
    });
    return c.json(
      {
        scan_type: scanType,
        test: test.id,
        test_id: test.id,
        engagement_id: test.engagementId,
        product_id: test.productId,
        product_type_id: 1,
        statistics: { after: { total: genericFindings?.length ?? 0 } },
      },
      201,
    );
  }

  app.post('/api/v2/import-scan/', (c) => handle(c, 'import-scan'));
  app.post('/api/v2/reimport-scan/', (c) => handle(c, 'reimport-scan'));

  return {
    app,
    /** Every accepted import and reimport, in order. */
    imports,
    /** Every request with its answer's status. */
    requests,
    /** The tests that exist, by id. */
    tests,
    /** The next `count` authenticated requests answer `status` (with `Retry-After` when given). */
    failNext(count: number, status: number, retryAfter?: string) {
      for (let i = 0; i < count; i++)
        faults.push(retryAfter === undefined ? { status } : { status, retryAfter });
    },
  };
}

export type FakeDefectDojoApp = ReturnType<typeof createFakeDefectDojoApp>;

/** DefectDojo's 400 body for the first field it would refuse, or undefined. */
function validateFields(
  fields: Record<string, string>,
  scanTypes: ReadonlySet<string>,
): Record<string, string[]> | undefined {
  const scanType = fields.scan_type;
  if (!scanType) return { scan_type: ['This field is required.'] };
  if (!scanTypes.has(scanType)) return { scan_type: [`"${scanType}" is not a valid choice.`] };
  for (const k of BOOLEAN_FIELDS) {
    if (fields[k] !== undefined && fields[k] !== 'true' && fields[k] !== 'false')
      return { [k]: ['Must be a valid boolean.'] };
  }
  if (fields.minimum_severity !== undefined && !MINIMUM_SEVERITIES.has(fields.minimum_severity)) {
    return { minimum_severity: [`"${fields.minimum_severity}" is not a valid choice.`] };
  }
  if (fields.test === undefined && (!fields.product_name || !fields.engagement_name)) {
    return { non_field_errors: ['product_name and engagement_name (or engagement) are required'] };
  }
  return undefined;
}
