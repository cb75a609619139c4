import { SaxesParser } from 'saxes';
import type { ScbOracleFinding } from './oracle-gitleaks.js';

/**
 * An independent model of secureCodeBox's two ZAP parsers, written from reading them:
 * scanners/zap-automation-framework/parser/parser.js (current) and scanners/zap/parser/parser.js
 * (the `zap` scanner, removed in 2025). Both read the traditional XML report through xml2js with
 * its default options; this file first rebuilds xml2js's object tree, then maps it as they do.
 */
export type ScbZapParser = 'zap-automation-framework' | 'zap';

/** An xml2js value: a string for text-only elements, an object with child arrays otherwise. */
type XNode = string | XObject;
interface XObject {
  [child: string]: XNode[] | Record<string, string> | string | undefined;
  $?: Record<string, string>;
  _?: string;
}

interface Open {
  name: string;
  obj: XObject;
  text: string;
  cdata: boolean;
}

/**
 * xml2js's default tree: attributes under `$`, children as arrays by name, text under `_` or the
 * element's value when it has nothing else, whitespace-only text dropped (an element with only
 * whitespace becomes that whitespace), no trimming. Like sax (which xml2js uses), a declaration
 * after a leading comment is accepted: saxes would refuse it, so it is dropped before parsing.
 */
function xml2jsTree(xml: string): Record<string, XNode> {
  const parser = new SaxesParser();
  const stack: Open[] = [];
  let root: Record<string, XNode> = {};
  parser.on('opentag', (tag) => {
    const obj: XObject = {};
    const attributes = Object.entries(tag.attributes as Record<string, string>);
    if (attributes.length > 0) obj.$ = Object.fromEntries(attributes);
    stack.push({ name: tag.name, obj, text: '', cdata: false });
  });
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack.at(-1);
    if (top) {
      top.text += t;
      top.cdata = true;
    }
  });
  parser.on('closetag', () => {
    const { name, obj, text, cdata } = stack.pop() as Open;
    let value: XNode = obj;
    let emptyText = '';
    if (/^\s*$/.test(text) && !cdata) emptyText = text;
    else if (Object.keys(obj).length === 0) value = text;
    else obj._ = text;
    if (typeof value !== 'string' && Object.keys(value).length === 0) value = emptyText;
    const parent = stack.at(-1);
    if (!parent) {
      root = { [name]: value };
      return;
    }
    const list = (parent.obj[name] ?? []) as XNode[];
    list.push(value);
    parent.obj[name] = list;
  });
  parser.on('error', (e) => {
    throw e;
  });
  const declaration = xml.indexOf('<?xml ');
  const text =
    declaration > 0 ? xml.slice(0, declaration) + xml.slice(xml.indexOf('?>', declaration) + 2) : xml;
  parser.write(text.replace(/^\uFEFF/, '')).close();
  return root;
}

/** secureCodeBox's normalizeXmlObject: every non-empty array replaced by its first element. */
function firstOfEach(node: XNode | undefined): Record<string, unknown> {
  if (node === undefined || typeof node === 'string') return node as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = Array.isArray(v) && v.length > 0 ? v[0] : v;
  return out;
}

/** `false` for no text, as secureCodeBox's stripHtmlTags answers. */
function stripHtmlTags(value: unknown): string | false {
  if (!value) return false;
  return String(value).replace(/<[^>]*>/g, '');
}

function severityOf(riskcode: unknown): string {
  const n = Number.parseInt(String(riskcode), 10);
  return n === 0 ? 'INFORMATIONAL' : n === 1 ? 'LOW' : n === 2 ? 'MEDIUM' : 'HIGH';
}

function referencesOf(alert: Record<string, unknown>): { type: string; value: string }[] | null {
  const urls = String(alert.reference)
    .split('<p>')
    .filter((s) => s !== '')
    .map((s) => ({ type: 'URL', value: stripHtmlTags(s) as string }));
  const cwe = alert.cweid;
  const cwes =
    cwe !== '-1' && cwe !== undefined
      ? [
          { type: 'CWE', value: `CWE-${cwe}` },
          { type: 'URL', value: `https://cwe.mitre.org/data/definitions/${cwe}.html` },
        ]
      : [];
  const all = [...urls, ...cwes];
  return all.length > 0 ? all : null;
}

/** The findings secureCodeBox's parser emits for a ZAP XML report (before its SDK adds id and scan). */
export function scbZap(
  xml: string,
  parser: ScbZapParser = 'zap-automation-framework',
): (ScbOracleFinding & { hint?: null })[] {
  const report = xml2jsTree(xml).OWASPZAPReport as XObject;
  const findings: (ScbOracleFinding & { hint?: null })[] = [];
  for (const siteNode of (report.site ?? []) as XObject[]) {
    const { name: location, host, port } = siteNode.$ ?? {};
    for (const alertsNode of (siteNode.alerts ?? []) as XNode[]) {
      const items = typeof alertsNode === 'string' ? [] : ((alertsNode.alertitem ?? []) as XNode[]);
      for (const item of items) {
        const alert = firstOfEach(item);
        // A missing <instances> makes secureCodeBox's parser throw; an empty one lists none.
        const holder = alert.instances as XObject | string;
        const instances = typeof holder === 'string' ? undefined : holder.instance;
        const urls = Array.isArray(instances) ? instances.map((i) => firstOfEach(i)) : [];
        const otherinfo = stripHtmlTags(alert.otherinfo) || null;
        const finding: ScbOracleFinding & { hint?: null } = {
          name: stripHtmlTags(alert.name) as string,
          description: stripHtmlTags(alert.desc) as string,
          category: (alert.alert as string) || (stripHtmlTags(alert.name) as string),
          location,
          osi_layer: 'APPLICATION',
          severity: severityOf(alert.riskcode),
          attributes: {
            hostname: host,
            port,
            zap_confidence: alert.confidence || null,
            zap_count: alert.count || null,
            zap_solution: stripHtmlTags(alert.solution) || null,
            zap_otherinfo:
              otherinfo && otherinfo.length >= 2048 ? `${otherinfo.slice(0, 2048)}...` : otherinfo,
            zap_reference: stripHtmlTags(alert.reference) || null,
            zap_cweid: alert.cweid || null,
            zap_wascid: alert.wascid || null,
            zap_riskcode: alert.riskcode || null,
            zap_pluginid: alert.pluginid || null,
            zap_finding_urls: urls,
          },
        };
        if (parser === 'zap-automation-framework') {
          finding.hint = null;
          finding.references = referencesOf(alert);
          finding.mitigation = stripHtmlTags(alert.solution) || null;
        }
        findings.push(finding);
      }
    }
  }
  return findings;
}
