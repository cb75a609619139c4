import { SaxesParser } from 'saxes';
import type { ParseInput } from '../io/parse-input.js';
import { xmlErrorReason } from '../io/xml-elements.js';
import { xmlText } from '../io/xml-prolog.js';
import { ParseError } from '../parse-error.js';
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
 * Streams the alerts of a ZAP XML report (`OWASPZAPReport/site/alerts/alertitem`, classic and
 * xml-plus) with saxes: memory holds one alert at a time (request and response bodies are never
 * kept). saxes does not read DTDs, so entities are never expanded; a DOCTYPE that declares
 * entities is refused, and an undefined entity reference is a ParseError. A comment, processing
 * instruction, whitespace or BOM before the XML declaration is accepted.
 */
export async function* readZapXml(
  input: ParseInput,
  options: ZapReadOptions = {},
): AsyncGenerator<ZapRawAlert> {
  const keepAll = options.keepAll === true;
  const parser = new SaxesParser({ position: true });
  const ready: ZapRawAlert[] = [];
  const stack: string[] = [];
  const report: ZapRawAlert['report'] = {};
  let site: ZapSite = {};
  let alert: ZapRawAlert | undefined;
  let instance: ZapRawInstance | undefined;
  let text = '';
  /** True inside an element whose text we keep (an alert or instance field). */
  let collecting = false;
  let limit = MAX_FIELD_CHARS;
  let sawRoot = false;

  const fail = (expected: string, got?: string): never => {
    throw new ParseError('zap', { line: parser.line }, expected, {
      got: got ? `${got} (column ${parser.column})` : undefined,
    });
  };
  parser.on('error', (e) => fail('well-formed XML', xmlErrorReason(e.message)));
  parser.on('doctype', (dt) => {
    if (/<!ENTITY/i.test(dt))
      fail('a ZAP report without entity declarations', 'a DOCTYPE declaring entities');
  });
  parser.on('opentag', (tag) => {
    const name = tag.name;
    const depth = stack.length;
    stack.push(name);
    text = '';
    const inInstance = instance !== undefined && depth === 6;
    collecting =
      alert !== undefined &&
      ((depth === 4 && ALERT_FIELDS.has(name)) || (inInstance && (keepAll || INSTANCE_FIELDS.has(name))));
    limit = inInstance && keepAll ? MAX_KEPT_ALL_FIELD_CHARS : MAX_FIELD_CHARS;
    if (depth === 0) {
      if (name !== 'OWASPZAPReport') fail('an <OWASPZAPReport> root element', 'another root element');
      sawRoot = true;
      report.version = attr(tag.attributes.version);
      report.programName = attr(tag.attributes.programName);
    } else if (depth === 1 && name === 'site') {
      const a = tag.attributes;
      site = { name: attr(a.name), host: attr(a.host), port: attr(a.port), ssl: attr(a.ssl) };
    } else if (depth === 3 && name === 'alertitem' && stack[2] === 'alerts') {
      alert = {
        fields: {},
        raw: {},
        instances: [],
        instanceCount: 0,
        requestResponseCount: 0,
        site,
        report,
        where: { line: parser.line },
      };
    } else if (alert && depth === 5 && name === 'instance') {
      alert.instanceCount += 1;
      instance = {};
    } else if (alert && instance && depth === 6 && name === 'requestheader') {
      alert.requestResponseCount += 1;
    }
  });
  const onText = (t: string) => {
    if (collecting && text.length < limit) text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const depth = stack.length - 1;
    stack.pop();
    const name = tag.name;
    if (alert && depth === 4 && ALERT_FIELDS.has(name)) {
      alert.fields[name] = text.trim().slice(0, MAX_FIELD_CHARS);
      // As xml2js hands it to secureCodeBox's parsers: the first element's text, untrimmed.
      if (SCB_ALERT_FIELDS.has(name) && !(name in alert.raw)) alert.raw[name] = text.slice(0, limit);
    } else if (alert && instance && depth === 6 && collecting) {
      if (!keepAll) instance[name] = text.trim().slice(0, MAX_FIELD_CHARS);
      else if (!(name in instance)) instance[name] = text.slice(0, limit);
    } else if (alert && instance && depth === 5 && name === 'instance') {
      if (keepAll || alert.instances.length < MAX_KEPT_INSTANCES) alert.instances.push(instance);
      instance = undefined;
    } else if (alert && depth === 3 && name === 'alertitem') {
      ready.push(alert);
      alert = undefined;
    }
    text = '';
    collecting = false;
  });

  for await (const s of xmlText(input)) {
    parser.write(s);
    while (ready.length > 0) yield ready.shift()!;
  }
  if (!sawRoot) fail('a ZAP XML report', 'an empty document');
  parser.close();
  while (ready.length > 0) yield ready.shift()!;
}

function attr(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
