import type { Finding, Severity } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamXmlElements, type XmlElement, xmlAt, xmlChildren, xmlChildText } from '../io/xml-elements.js';
import { ParseError } from '../parse-error.js';
import type { ParseOptions } from '../scanner-parser.js';
import { invictiDate } from './invicti-common.js';
import { cvssOf } from './support/cvss.js';
import { cweIds } from './support/cwe-ids.js';
import { htmlToText } from './support/html-to-text.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'acunetix';
const ACUNETIX_TOOL = { id: SCANNER, name: 'Acunetix' } as const;
/** Acunetix WVS severities; `informational` is the XML's word for info. */
const ACUNETIX_SEVERITY: Readonly<Record<string, Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATIONAL: 'info',
  INFO: 'info',
  CRITICAL: 'critical',
};
/** Longest text kept per element: TechnicalDetails/Request (HTTP traffic) is read, then dropped. */
const MAX_TEXT = 256 * 1024;

/** What the <Scan> says about the whole scan: read from its children that precede ReportItems. */
interface ScanContext {
  startUrl?: string;
  startTime?: string;
  name?: string;
}

/** The text without its trailing slashes (a loop: `/\/+$/` rescans a long run of slashes). */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(0, end);
}

/** `https://example.com:8443` → base without trailing slash; a bare host gets `http://` (as Acunetix scans it). */
function baseUrl(startUrl: string | undefined): string | undefined {
  const s = startUrl?.trim();
  if (!s) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `http://${s}`;
  return withoutTrailingSlashes(withScheme);
}

function joinUrl(base: string, affects: string | undefined): string {
  if (!affects) return base;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(affects)) return affects;
  return affects.startsWith('/') ? `${base}${affects}` : `${base}/${affects}`;
}

/** `24/09/2018, 18:09:55` (day first) → ISO. */
function scanDate(text: string | undefined): string | undefined {
  return text ? invictiDate(text.replace(',', ' ')) : undefined;
}

const html = (t: string | undefined): string | undefined => {
  const s = t ? htmlToText(t) : '';
  return s === '' ? undefined : s;
};

function references(item: XmlElement): string[] {
  const out = new Set<string>();
  for (const r of xmlChildren(xmlAt(item, 'References'), 'Reference')) {
    const url = xmlChildText(r, 'URL');
    if (url && /^https?:\/\//i.test(url)) out.add(url);
  }
  return [...out];
}

function cvss(item: XmlElement) {
  for (const block of ['CVSS3', 'CVSS']) {
    const el = xmlAt(item, block);
    const vector = xmlChildText(el, 'Descriptor');
    const found = vector ? cvssOf(vector, xmlChildText(el, 'Score')) : undefined;
    if (found) return found;
  }
  return undefined;
}

function toAcunetixFinding(
  item: XmlElement,
  scan: ScanContext,
  at: string,
  options: ParseOptions | undefined,
): Finding {
  const name = xmlChildText(item, 'Name');
  if (!name)
    throw new ParseError(
      SCANNER,
      { line: item.line, path: `${at}/Name` },
      'an Acunetix ReportItem with <Name>',
      {
        got: 'an item without it',
      },
    );
  const base = baseUrl(scan.startUrl);
  const affects = xmlChildText(item, 'Affects');
  const url = base ? joinUrl(base, affects) : affects;
  const parameter = xmlChildText(item, 'Parameter');
  const falsePositive = xmlChildText(item, 'IsFalsePositive');
  const details = html(xmlChildText(item, 'Details'));
  const description = [html(xmlChildText(item, 'Description')), details && `Details:\n${details}`]
    .filter(Boolean)
    .join('\n\n');
  const moduleName = xmlChildText(item, 'ModuleName');
  const type = xmlChildText(item, 'Type');
  const cves = xmlChildren(xmlAt(item, 'CVEList'), 'CVE')
    .map((c) => c.text.trim())
    .filter((c) => c !== '');
  return toFinding(
    SCANNER,
    { line: item.line, path: at },
    {
      tool: ACUNETIX_TOOL,
      ruleId: name,
      name,
      description: description || undefined,
      severity: severityOf(xmlChildText(item, 'Severity'), options, `${at}/Severity`, ACUNETIX_SEVERITY),
      category: 'DAST',
      location: url
        ? {
            kind: 'url',
            url,
            parameter: parameter && parameter !== '<empty>' ? parameter : undefined,
          }
        : undefined,
      cwe: cweIds(xmlChildren(xmlAt(item, 'CWEList'), 'CWE').map((c) => c.attributes.id || c.text)),
      cve: cves,
      cvss: cvss(item),
      references: references(item),
      mitigation: html(xmlChildText(item, 'Recommendation')),
      identifiedAt: scanDate(scan.startTime),
      attributes: {
        ...(moduleName ? { moduleName } : {}),
        ...(type ? { type } : {}),
        ...(html(xmlChildText(item, 'Impact')) ? { impact: html(xmlChildText(item, 'Impact')) } : {}),
        ...(falsePositive && falsePositive.toLowerCase() !== 'false' ? { falsePositive: true } : {}),
        ...(scan.name ? { scanName: scan.name } : {}),
        ...(scan.startUrl ? { startUrl: scan.startUrl } : {}),
      },
    },
  );
}

/**
 * Streams an Acunetix WVS XML export (`ScanGroup/Scan/ReportItems/ReportItem`): the scan's StartURL,
 * StartTime and Name are read as they pass (they precede ReportItems), then each ReportItem whole.
 * HTTP requests in TechnicalDetails are never kept.
 */
export async function* acunetixXmlFindings(
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  let scan: ScanContext = {};
  let index = 0;
  const stream = streamXmlElements(input, {
    scanner: SCANNER,
    roots: ['ScanGroup'],
    expected: 'an Acunetix XML export (<ScanGroup><Scan>…<ReportItems><ReportItem>)',
    select: (p) =>
      (p.length === 3 &&
        p[1] === 'Scan' &&
        (p[2] === 'StartURL' || p[2] === 'StartTime' || p[2] === 'Name')) ||
      (p.length === 4 && p[2] === 'ReportItems' && p[3] === 'ReportItem'),
    maxTextChars: MAX_TEXT,
  });
  /** True once an item was read: the next scan field belongs to the next <Scan>. */
  let afterItems = false;
  for await (const m of stream) {
    const el = m.element;
    if (m.path.length === 3) {
      if (afterItems) scan = {};
      afterItems = false;
      const text = el.text.trim() || undefined;
      if (el.name === 'StartURL') scan = { ...scan, startUrl: text };
      else if (el.name === 'StartTime') scan = { ...scan, startTime: text };
      else scan = { ...scan, name: text };
      continue;
    }
    afterItems = true;
    yield toAcunetixFinding(el, scan, `/ScanGroup/Scan/ReportItems/ReportItem[${++index}]`, options);
  }
}
