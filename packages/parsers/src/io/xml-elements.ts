import { SaxesParser } from 'saxes';
import { ParseError } from '../parse-error.js';
import type { ParseInput } from './parse-input.js';
import { xmlText } from './xml-prolog.js';

/** One element read whole: local names (namespace prefixes dropped), attributes, children, text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA, concatenated (children's text is on the children). */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/** A selected element and the local names from the root to it (the root first, itself last). */
export interface XmlMatch {
  element: XmlElement;
  path: readonly string[];
  /** Attributes of each ancestor, the root first (same order as `path` without the element). */
  ancestors: readonly Readonly<Record<string, string>>[];
}

export interface XmlElementsOptions {
  /** Parser id for errors. */
  scanner: string;
  /** Local names of the root elements this format has; another root is a ParseError. */
  roots: readonly string[];
  /** What the document should be, for errors: `a Burp Suite XML issues export`. */
  expected: string;
  /**
   * Whether the element at `path` (local names, the root first) is read whole and yielded. Elements
   * inside a selected one are never asked about. Selecting the root reads the whole document.
   */
  select(path: readonly string[]): boolean;
  /** Longest text kept per element; the rest is dropped (a hostile or binary-heavy report). */
  maxTextChars?: number;
  /** Most children kept per element; later ones are dropped. */
  maxChildren?: number;
}

const DEFAULT_MAX_TEXT = 1024 * 1024;
const DEFAULT_MAX_CHILDREN = 10_000;
function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * The saxes parser of one document and what it builds: `write` a piece of text, then take `ready`,
 * the selected elements it completed. The handlers are created once per document, not per element.
 */
class ElementReader {
  readonly parser = new SaxesParser({ position: true });
  /** Completed matches not yet taken. */
  ready: XmlMatch[] = [];
  sawRoot = false;
  readonly #options: XmlElementsOptions;
  readonly #maxText: number;
  readonly #maxChildren: number;
  readonly #path: string[] = [];
  readonly #ancestors: Record<string, string>[] = [];
  /** The open elements of the selected subtree being read, outermost first. */
  readonly #open: XmlElement[] = [];
  /** Attributes saxes reported for the tag being opened. */
  #attributeCount = 0;

  constructor(options: XmlElementsOptions) {
    this.#options = options;
    this.#maxText = options.maxTextChars ?? DEFAULT_MAX_TEXT;
    this.#maxChildren = options.maxChildren ?? DEFAULT_MAX_CHILDREN;
    const parser = this.parser;
    parser.on('error', (e) => this.fail('well-formed XML', xmlErrorReason(e.message)));
    parser.on('doctype', (dt) => {
      if (/<!ENTITY/i.test(dt))
        this.fail(`${options.expected} without entity declarations`, 'a DOCTYPE declaring entities');
    });
    // Counted so that a tag without attributes skips copying saxes's (dictionary) attributes object.
    parser.on('attribute', () => {
      this.#attributeCount++;
    });
    parser.on('opentag', (tag) => this.#openTag(tag.name, tag.attributes as Record<string, string>));
    const onText = (t: string) => this.#text(t);
    parser.on('text', onText);
    parser.on('cdata', onText);
    parser.on('closetag', () => this.#closeTag());
  }

  fail(expected: string, got?: string): never {
    const parser = this.parser;
    throw new ParseError(this.#options.scanner, { line: parser.line }, expected, {
      got: got ? `${got} (column ${parser.column})` : undefined,
    });
  }

  #openTag(tagName: string, saxAttributes: Record<string, string>): void {
    const name = localName(tagName);
    const attributes = this.#attributeCount === 0 ? {} : { ...saxAttributes };
    this.#attributeCount = 0;
    const path = this.#path;
    if (path.length === 0) {
      if (!this.#options.roots.includes(name))
        this.fail(this.#options.expected, `a <${name.slice(0, 64)}> root element`);
      this.sawRoot = true;
    }
    const open = this.#open;
    if (open.length > 0) {
      const element: XmlElement = { name, attributes, children: [], text: '', line: this.parser.line };
      const parent = open[open.length - 1]!;
      if (parent.children.length < this.#maxChildren) parent.children.push(element);
      open.push(element);
      return;
    }
    path.push(name);
    if (this.#options.select(path)) {
      open.push({ name, attributes, children: [], text: '', line: this.parser.line });
      return;
    }
    this.#ancestors.push(attributes);
  }

  #text(t: string): void {
    const open = this.#open;
    if (open.length === 0) return;
    const el = open[open.length - 1]!;
    const length = el.text.length;
    if (length < this.#maxText)
      el.text += length + t.length <= this.#maxText ? t : t.slice(0, this.#maxText - length);
  }

  #closeTag(): void {
    const open = this.#open;
    if (open.length > 0) {
      const el = open.pop()!;
      if (open.length === 0) {
        this.ready.push({ element: el, path: [...this.#path], ancestors: [...this.#ancestors] });
        this.#path.pop();
      }
      return;
    }
    this.#path.pop();
    this.#ancestors.pop();
  }

  /** The matches completed since the last call. */
  take(): XmlMatch[] {
    const out = this.ready;
    if (out.length > 0) this.ready = [];
    return out;
  }
}

/**
 * Like `streamXmlElements`, but yields the matches completed by each piece of input (about 64 KiB, see
 * `xmlText`)
 * as one array, never an empty one: one `await` per piece instead of one per element, for parsers of
 * reports with many small elements.
 */
export async function* streamXmlElementBatches(
  input: ParseInput,
  options: XmlElementsOptions,
): AsyncGenerator<XmlMatch[]> {
  const reader = new ElementReader(options);
  const parser = reader.parser;
  for await (const piece of xmlText(input)) {
    parser.write(piece);
    if (reader.ready.length > 0) yield reader.take();
  }
  if (!reader.sawRoot) reader.fail(options.expected, 'a document without a root element');
  parser.close();
  if (reader.ready.length > 0) yield reader.take();
}

/**
 * Streams the selected elements of an XML report with saxes, each read whole (a small tree), in
 * document order, so memory stays flat in the report's size. Entities are never expanded (saxes reads
 * no DTD; a DOCTYPE declaring entities is refused); comments, processing instructions and a misplaced
 * declaration before the root are accepted (see xml-prolog). Malformed XML is a ParseError with its
 * line, never quoting the report.
 */
export async function* streamXmlElements(
  input: ParseInput,
  options: XmlElementsOptions,
): AsyncGenerator<XmlMatch> {
  for await (const batch of streamXmlElementBatches(input, options))
    for (let i = 0; i < batch.length; i++) yield batch[i]!;
}

/**
 * saxes's reason without what it quotes (tag, attribute and entity names are report content):
 * `1:9: unclosed tag: instance` becomes `unclosed tag`.
 */
export function xmlErrorReason(message: string): string {
  const reason = message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, '');
  const named = reason.indexOf(': ');
  return (named < 0 ? reason : reason.slice(0, named)).replace(/\.$/, '');
}

/** The first child named `name` (local name), or undefined. */
export function xmlChild(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** Every child named `name`. */
export function xmlChildren(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** The trimmed text of the first child named `name`; undefined when absent or blank. */
export function xmlChildText(el: XmlElement | undefined, name: string): string | undefined {
  const t = xmlChild(el, name)?.text.trim();
  return t ? t : undefined;
}

/** The child at a path of names (`xmlAt(host, 'os', 'osmatch')`). */
export function xmlAt(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let at = el;
  for (const n of names) at = xmlChild(at, n);
  return at;
}
