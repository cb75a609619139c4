import { formatJsonPath } from '../io/json-path.js';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { isRecord } from './support/parse-with.js';
import {
  ALERT_FIELDS,
  INSTANCE_FIELDS,
  MAX_FIELD_CHARS,
  MAX_KEPT_ALL_FIELD_CHARS,
  MAX_KEPT_INSTANCES,
  SCB_ALERT_FIELDS,
  type ZapRawAlert,
  type ZapRawInstance,
  type ZapReadOptions,
  type ZapSite,
} from './zap-raw-alert.js';

/**
 * Streams the alerts of a ZAP JSON report (`{"@version", "site": [{"@name", "alerts": [...]}]}`;
 * older reports have a single `site` object). One alert is in memory at a time.
 */
export async function* readZapJson(
  input: ParseInput,
  options: ZapReadOptions = {},
): AsyncGenerator<ZapRawAlert> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: 'zap',
    select: ['$.site[*].alerts[*]', '$.site.alerts[*]'],
  });
  for await (const m of stream.matches) {
    const root = m.ancestors[0] as Record<string, unknown>;
    const siteObj = m.ancestors[m.path.length - 2];
    const path = formatJsonPath(m.path);
    if (!isRecord(m.value))
      throw new ParseError('zap', { path }, 'an alert object', { got: describeValue(m.value) });
    yield toRawAlert(m.value, isRecord(siteObj) ? siteObj : {}, root, path, options.keepAll === true);
  }
  const skeleton = stream.skeleton();
  if (!isRecord(skeleton) || !('site' in skeleton)) {
    throw new ParseError('zap', { path: '$.site' }, 'a ZAP JSON report with a "site" list', {
      got: isRecord(skeleton) ? 'an object without "site"' : describeValue(skeleton),
    });
  }
}

function toRawAlert(
  a: Record<string, unknown>,
  siteObj: Record<string, unknown>,
  root: Record<string, unknown>,
  path: string,
  keepAll: boolean,
): ZapRawAlert {
  const fields: Record<string, string> = {};
  const rawFields: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) {
    if (ALERT_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number')) {
      fields[k] = String(v).trim().slice(0, MAX_FIELD_CHARS);
      if (SCB_ALERT_FIELDS.has(k)) rawFields[k] = String(v).slice(0, MAX_FIELD_CHARS);
    }
  }
  const raw = Array.isArray(a.instances) ? a.instances : [];
  const instances: ZapRawInstance[] = [];
  let requestResponseCount = 0;
  for (const item of raw) {
    if (!isRecord(item)) continue;
    if (typeof item['request-header'] === 'string' || typeof item.requestheader === 'string')
      requestResponseCount += 1;
    if (keepAll) instances.push(everyField(item));
    else if (instances.length < MAX_KEPT_INSTANCES) {
      const inst: ZapRawInstance = {};
      for (const f of INSTANCE_FIELDS) {
        const v = item[f];
        if (typeof v === 'string') inst[f] = v.trim().slice(0, MAX_FIELD_CHARS);
      }
      instances.push(inst);
    }
  }
  // ZAP's reports add-on writes `@name`; other writers of this shape use plain keys.
  const siteAttr = (k: string) => str(siteObj[`@${k}`]) ?? str(siteObj[k]);
  const site: ZapSite = {
    name: siteAttr('name'),
    host: siteAttr('host'),
    port: siteAttr('port'),
    ssl: siteAttr('ssl'),
  };
  return {
    fields,
    raw: rawFields,
    instances,
    instanceCount: raw.length,
    requestResponseCount,
    site,
    report: {
      version: str(root['@version']) ?? str(root.version),
      programName: str(root['@programName']) ?? str(root.programName),
    },
    where: { path },
  };
}

/** Every string or number field of an instance, as written (request and response included). */
function everyField(item: Record<string, unknown>): ZapRawInstance {
  const inst: ZapRawInstance = {};
  for (const [k, v] of Object.entries(item)) {
    if (typeof v === 'string' || typeof v === 'number')
      inst[k] = String(v).slice(0, MAX_KEPT_ALL_FIELD_CHARS);
  }
  return inst;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
