import type { Confidence, Finding, Severity } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { streamXmlElementBatches, type XmlElement, xmlChild } from '../io/xml-elements.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { cweIds } from './support/cwe-ids.js';
import { htmlToText, linksInHtml } from './support/html-to-text.js';
import { RepeatMerger } from './support/merge-repeated.js';
import { severityOf } from './support/severity-of.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'burp';
const BURP_SEVERITY: Readonly<Record<string, Severity>> = {
  HIGH: 'high',
  MEDIUM: 'medium',
  LOW: 'low',
  INFORMATION: 'info',
  INFO: 'info',
};
const BURP_CONFIDENCE: Readonly<Record<string, Confidence>> = {
  CERTAIN: 'high',
  FIRM: 'medium',
  TENTATIVE: 'low',
};
/** Longest text kept per element: request/response bodies are read (then dropped) with the issue. */
const MAX_TEXT = 256 * 1024;

/**
 * What Burp inserted into, from the end of the location: `/search.php [q parameter]` → `q`,
 * `/basket.jsp [b_id cookie]` → `b_id cookie`, `/ [Referer HTTP header]` → `Referer HTTP header`.
 */
function locationParameter(location: string | undefined): string | undefined {
  if (!location?.endsWith(']')) return undefined;
  const open = location.lastIndexOf(' [');
  if (open < 0) return undefined;
  const inner = location.slice(open + 2, -1).trim();
  const name = inner.endsWith(' parameter') ? inner.slice(0, -' parameter'.length).trim() : inner;
  return name === '' || name.includes('[') ? undefined : name;
}

/** The text without its trailing slashes (a loop: `/\/+$/` rescans a long run of slashes). */
function withoutTrailingSlashes(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 47) end--;
  return text.slice(0, end);
}

/** `https://example.com` + `/a/b` → `https://example.com/a/b` (the host never ends with a slash). */
function joinUrl(host: string, path: string | undefined): string {
  const base = withoutTrailingSlashes(host);
  if (!path) return base;
  return path.startsWith('/') ? `${base}${path}` : `${base}/${path}`;
}

/** Longest text whose conversion is remembered, and how many issue types are remembered per report. */
const MEMO_MAX_CHARS = 8 * 1024;
const MEMO_ENTRIES = 128;

/**
 * The same text in a string of its own. saxes cuts texts out of the piece of the report it parses,
 * and V8 keeps a cut of 13 characters or more as a pointer into that piece: a finding held in the
 * merge window would keep a 64 KiB piece alive per issue and have the scavenger copy it. Flattening
 * the text with one more character and cutting that off copies just the text.
 */
function own(text: string): string;
function own(text: string | undefined): string | undefined;
function own(text: string | undefined): string | undefined {
  return text === undefined || text.length < 13 ? text : `${text} `.slice(0, -1);
}

/**
 * Remembers, per issue type, what a pure function gives for one of its texts: Burp writes the same
 * background, references and classifications for every issue of a type, so each is converted once
 * per report (a text that differs from the remembered one is converted, and remembered instead).
 * Bounded: long texts are not kept, and it starts over when full.
 */
class Memo<T> {
  readonly #map = new Map<string, { text: string; value: T }>();
  readonly #compute: (text: string) => T;

  constructor(compute: (text: string) => T) {
    this.#compute = compute;
  }

  get(type: string, text: string): T {
    if (text.length > MEMO_MAX_CHARS) return this.#compute(text);
    const hit = this.#map.get(type);
    if (hit !== undefined && hit.text === text) return hit.value;
    if (this.#map.size >= MEMO_ENTRIES) this.#map.clear();
    // Computed from a copy, so that neither the text nor the parts of it in the value keep a piece alive.
    const owned = own(text);
    const value = this.#compute(owned);
    this.#map.set(type, { text: owned, value });
    return value;
  }
}

/** What every issue of one report shares. */
interface BurpContext {
  tool: { id: string; name: string; version: string | undefined };
  exportTime: string | undefined;
  options: ParseOptions | undefined;
  /** htmlToText of the per-type texts (backgrounds); an issue's own details are converted each time. */
  issueBackground: Memo<string>;
  remediationBackground: Memo<string>;
  referenceLinks: Memo<string[]>;
  classificationLinks: Memo<string[]>;
  cwes: Memo<string[]>;
}

function burpContext(root: Readonly<Record<string, string>>, options: ParseOptions | undefined): BurpContext {
  return {
    tool: { id: SCANNER, name: 'Burp Suite', version: root.burpVersion || undefined },
    exportTime: root.exportTime || undefined,
    options,
    issueBackground: new Memo(htmlToText),
    remediationBackground: new Memo(htmlToText),
    referenceLinks: new Memo(linksInHtml),
    classificationLinks: new Memo(linksInHtml),
    cwes: new Memo(cweIds),
  };
}

/** The element's trimmed text; undefined when absent or blank (what `xmlChildText` gives). */
function textOf(el: XmlElement | undefined): string | undefined {
  if (el === undefined) return undefined;
  const t = el.text.trim();
  return t ? t : undefined;
}

/** Two HTML texts of an issue (its own detail, its type's background) as plain text, joined by a blank line. */
function htmlText(
  detail: string | undefined,
  background: string | undefined,
  memo: Memo<string>,
  type: string,
): string | undefined {
  const a = detail === undefined ? '' : own(htmlToText(detail));
  const b = background === undefined ? '' : memo.get(type, background);
  return a === '' ? (b === '' ? undefined : b) : b === '' ? a : `${a}\n\n${b}`;
}

/** The links of the references and of the classifications, unique, in order. */
function referencesOf(references: string, classifications: string, type: string, c: BurpContext): string[] {
  const a = references === '' ? [] : c.referenceLinks.get(type, references);
  const b = classifications === '' ? [] : c.classificationLinks.get(type, classifications);
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return [...new Set([...a, ...b])];
}

function missing(issue: XmlElement, index: number, name: string): ParseError {
  return new ParseError(
    SCANNER,
    { line: issue.line, path: `/issues/issue[${index}]/${name}` },
    `a Burp issue with <${name}>`,
    { got: 'an issue without it' },
  );
}

/**
 * The finding of the `index`th issue (1-based). The children are looked at once, the first of each
 * name counting, as `xmlChild` does. Arrays from the memos go into the draft as they are:
 * `createFinding` copies what it keeps.
 */
function toBurpFinding(issue: XmlElement, index: number, c: BurpContext): Finding {
  let nameEl: XmlElement | undefined;
  let hostEl: XmlElement | undefined;
  let typeEl: XmlElement | undefined;
  let serialEl: XmlElement | undefined;
  let pathEl: XmlElement | undefined;
  let locationEl: XmlElement | undefined;
  let severityEl: XmlElement | undefined;
  let confidenceEl: XmlElement | undefined;
  let classificationsEl: XmlElement | undefined;
  let referencesEl: XmlElement | undefined;
  let issueDetailEl: XmlElement | undefined;
  let issueBackgroundEl: XmlElement | undefined;
  let remediationDetailEl: XmlElement | undefined;
  let remediationBackgroundEl: XmlElement | undefined;
  let requestResponseEl: XmlElement | undefined;
  const children = issue.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    switch (child.name) {
      case 'name':
        nameEl ??= child;
        break;
      case 'host':
        hostEl ??= child;
        break;
      case 'type':
        typeEl ??= child;
        break;
      case 'serialNumber':
        serialEl ??= child;
        break;
      case 'path':
        pathEl ??= child;
        break;
      case 'location':
        locationEl ??= child;
        break;
      case 'severity':
        severityEl ??= child;
        break;
      case 'confidence':
        confidenceEl ??= child;
        break;
      case 'vulnerabilityClassifications':
        classificationsEl ??= child;
        break;
      case 'references':
        referencesEl ??= child;
        break;
      case 'issueDetail':
        issueDetailEl ??= child;
        break;
      case 'issueBackground':
        issueBackgroundEl ??= child;
        break;
      case 'remediationDetail':
        remediationDetailEl ??= child;
        break;
      case 'remediationBackground':
        remediationBackgroundEl ??= child;
        break;
      case 'requestresponse':
        requestResponseEl ??= child;
        break;
    }
  }
  const name = own(textOf(nameEl));
  if (name === undefined) throw missing(issue, index, 'name');
  const host = textOf(hostEl);
  if (host === undefined) throw missing(issue, index, 'host');
  const type = own(textOf(typeEl));
  const serial = own(textOf(serialEl));
  const path = textOf(pathEl);
  const location = own(textOf(locationEl));
  const method = own(xmlChild(requestResponseEl, 'request')?.attributes.method);
  const severityText = textOf(severityEl);
  const confidence = textOf(confidenceEl);
  const classifications = textOf(classificationsEl) ?? '';
  const references = textOf(referencesEl) ?? '';
  const ip = own(hostEl!.attributes.ip);
  const key = severityText === undefined ? '' : severityText.toUpperCase();
  const severity =
    BURP_SEVERITY[key] ??
    severityOf(severityText, c.options, `/issues/issue[${index}]/severity`, BURP_SEVERITY);
  const ruleId = type ?? name;
  const attributes: Record<string, unknown> = {};
  if (serial) attributes.serialNumber = serial;
  if (location && location !== path) attributes.location = location;
  if (ip) attributes.ip = ip;
  if (c.exportTime) attributes.exportTime = c.exportTime;
  return toFinding(
    SCANNER,
    { line: issue.line },
    {
      tool: c.tool,
      ruleId,
      name,
      description: htmlText(textOf(issueDetailEl), textOf(issueBackgroundEl), c.issueBackground, ruleId),
      severity,
      confidence: confidence ? BURP_CONFIDENCE[confidence.toUpperCase()] : undefined,
      category: 'DAST',
      location: {
        kind: 'url',
        url: own(joinUrl(host, path)),
        method: method || undefined,
        parameter: locationParameter(location),
      },
      cwe: classifications === '' ? [] : c.cwes.get(ruleId, classifications),
      references: referencesOf(references, classifications, ruleId, c),
      mitigation: htmlText(
        textOf(remediationDetailEl),
        textOf(remediationBackgroundEl),
        c.remediationBackground,
        ruleId,
      ),
      stableId: serial,
      attributes,
    },
  );
}

/**
 * The issues, mapped as each batch of them is read, repeats merged (RepeatMerger) unless
 * `oneFindingPerRecord`: the parser's only generator (each layer costs every finding).
 */
async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const merger = options?.oneFindingPerRecord ? undefined : new RepeatMerger();
  let context: BurpContext | undefined;
  let index = 0;
  const batches = streamXmlElementBatches(input, {
    scanner: SCANNER,
    roots: ['issues'],
    expected: 'a Burp Suite XML issues export (<issues><issue>…)',
    select: (p) => p.length === 2 && p[1] === 'issue',
    maxTextChars: MAX_TEXT,
  });
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      context ??= burpContext(m.ancestors[0] ?? {}, options);
      const finding = toBurpFinding(m.element, ++index, context);
      if (merger === undefined) yield finding;
      else {
        const released = merger.push(finding);
        if (released) yield released;
      }
    }
  }
  if (merger) for (const f of merger.flush()) yield f;
}

export const burpParser = defineParser({
  id: SCANNER,
  name: 'Burp Suite',
  formats:
    'Burp Suite "Report selected issues" XML export (<issues burpVersion> with <issue>: Burp 1.x to 2024; requests and responses, base64 or not, are never kept)',
  detect(head) {
    if (!/<issues[\s>]/.test(head)) return 0;
    if (/burpVersion\s*=/.test(head)) return 95;
    return /<issue>\s*<serialNumber>/.test(head) ? 90 : 0;
  },
  parse: (input, options) => findings(input, options),
});
