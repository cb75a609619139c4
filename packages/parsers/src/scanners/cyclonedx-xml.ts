import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import {
  streamXmlElements,
  type XmlElement,
  xmlAt,
  xmlChild,
  xmlChildren,
  xmlChildText,
} from '../io/xml-elements.js';
import type { ParseOptions } from '../scanner-parser.js';
import {
  type CdxComponent,
  type CdxContext,
  type CdxRating,
  type CdxVulnerability,
  cycloneDxFindings,
} from './cyclonedx-finding.js';
import { isoDate } from './support/field-readers.js';

const SCANNER = 'cyclonedx';

function componentOf(el: XmlElement): CdxComponent | undefined {
  const name = xmlChildText(el, 'name');
  return name
    ? {
        name,
        version: xmlChildText(el, 'version'),
        purl: xmlChildText(el, 'purl'),
        group: xmlChildText(el, 'group'),
      }
    : undefined;
}

function texts(el: XmlElement | undefined, ...path: string[]): string[] {
  const last = path[path.length - 1]!;
  const parent = xmlAt(el, ...path.slice(0, -1));
  return xmlChildren(parent, last)
    .map((c) => c.text.trim())
    .filter((t) => t !== '');
}

function score(v: string | undefined): number | undefined {
  const n = v === undefined ? Number.NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Ratings of the 1.4+ form (`score` a number) and of the 1.0 extension (`score/base`). */
function ratingsOf(el: XmlElement): CdxRating[] {
  return xmlChildren(xmlChild(el, 'ratings'), 'rating').map((r) => {
    const s = xmlChild(r, 'score');
    return {
      severity: xmlChildText(r, 'severity'),
      score: score(xmlChildText(s, 'base') ?? s?.text.trim()),
      method: xmlChildText(r, 'method'),
      vector: xmlChildText(r, 'vector'),
    };
  });
}

/** A native (1.4+) `vulnerability`, or the 1.0 extension's (a `ref` attribute, `v:` children). */
function vulnerabilityOf(el: XmlElement, component: CdxComponent | undefined): CdxVulnerability {
  const legacy = el.attributes.ref !== undefined;
  const source = xmlChild(el, 'source');
  const analysis = xmlChild(el, 'analysis');
  const advisories = legacy
    ? texts(el, 'advisories', 'advisory')
    : xmlChildren(xmlChild(el, 'advisories'), 'advisory')
        .map((a) => xmlChildText(a, 'url'))
        .filter((u): u is string => u !== undefined);
  const refs = legacy
    ? [el.attributes.ref as string]
    : xmlChildren(xmlChild(el, 'affects'), 'target')
        .filter((t) => {
          const statuses = xmlChildren(xmlChild(t, 'versions'), 'version').map((v) =>
            xmlChildText(v, 'status'),
          );
          return statuses.length === 0 || statuses.some((s) => s !== 'unaffected');
        })
        .map((t) => xmlChildText(t, 'ref'))
        .filter((r): r is string => r !== undefined);
  const recommendations = legacy ? texts(el, 'recommendations', 'recommendation') : [];
  return {
    id: xmlChildText(el, 'id') ?? 'unknown-vulnerability',
    refs,
    component,
    ratings: ratingsOf(el),
    cwes: texts(el, 'cwes', 'cwe'),
    otherIds: xmlChildren(xmlChild(el, 'references'), 'reference')
      .map((r) => xmlChildText(r, 'id'))
      .filter((x): x is string => x !== undefined),
    description: xmlChildText(el, 'description'),
    detail: xmlChildText(el, 'detail'),
    recommendation: legacy ? recommendations.join('\n') || undefined : xmlChildText(el, 'recommendation'),
    workaround: xmlChildText(el, 'workaround'),
    advisories,
    sourceName: source?.attributes.name ?? xmlChildText(source, 'name'),
    sourceUrl: xmlChildText(source, 'url'),
    published: xmlChildText(el, 'published'),
    analysis: analysis
      ? {
          ...(xmlChildText(analysis, 'state') ? { state: xmlChildText(analysis, 'state') as string } : {}),
          ...(xmlChildText(analysis, 'justification')
            ? { justification: xmlChildText(analysis, 'justification') as string }
            : {}),
          response: texts(analysis, 'responses', 'response'),
          ...(xmlChildText(analysis, 'detail') ? { detail: xmlChildText(analysis, 'detail') as string } : {}),
        }
      : undefined,
  };
}

function xmlContext(metadata: XmlElement | undefined, options: ParseOptions | undefined): CdxContext {
  const tools = xmlChild(metadata, 'tools');
  const tool = xmlChild(tools, 'tool') ?? xmlAt(tools, 'components', 'component');
  const toolName = xmlChildText(tool, 'name');
  const toolVersion = xmlChildText(tool, 'version');
  const subject = xmlChild(metadata, 'component');
  const name = xmlChildText(subject, 'name');
  const version = xmlChildText(subject, 'version');
  return {
    tool: {
      id: SCANNER,
      name: toolName ?? 'CycloneDX',
      ...(toolName && toolVersion ? { version: toolVersion } : {}),
    },
    subject: name,
    subjectVersion: version,
    identifiedAt: isoDate(xmlChildText(metadata, 'timestamp')),
    options,
  };
}

/**
 * Reads a component subtree: every component with a bom-ref goes into the map, and each 1.0-extension
 * vulnerability nested in a component (`component/v:vulnerabilities`) is returned with its component.
 */
function walkComponent(root: XmlElement, into: Map<string, CdxComponent>): [XmlElement, CdxComponent][] {
  const nested: [XmlElement, CdxComponent][] = [];
  const stack = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    const c = componentOf(el);
    const ref = el.attributes['bom-ref'];
    if (c && ref) into.set(ref, c);
    if (c) for (const v of xmlChildren(xmlChild(el, 'vulnerabilities'), 'vulnerability')) nested.push([v, c]);
    stack.push(...xmlChildren(xmlChild(el, 'components'), 'component').reverse());
  }
  return nested;
}

const SELECTED = new Set(['metadata', 'components', 'vulnerabilities']);

/**
 * CycloneDX XML 1.0–1.6. The schema's sequence puts metadata and components before vulnerabilities,
 * so one pass resolves every ref. Components are read one top-level component at a time.
 */
export async function* cycloneDxXmlFindings(
  input: ParseInput,
  options: ParseOptions | undefined,
): AsyncGenerator<Finding> {
  const components = new Map<string, CdxComponent>();
  let context = xmlContext(undefined, options);
  const elements = streamXmlElements(input, {
    scanner: SCANNER,
    roots: ['bom'],
    expected: 'a CycloneDX XML BOM (<bom xmlns="http://cyclonedx.org/schema/bom/1.x">)',
    select: (p) =>
      (p.length === 2 && p[1] === 'metadata') ||
      (p.length === 3 && SELECTED.has(p[1]!) && (p[2] === 'component' || p[2] === 'vulnerability')),
  });
  for await (const m of elements) {
    const el = m.element;
    if (el.name === 'metadata') {
      context = xmlContext(el, options);
      continue;
    }
    if (el.name === 'component') {
      const nested = walkComponent(el, components);
      for (const [v, c] of nested)
        yield* cycloneDxFindings(vulnerabilityOf(v, c), components, { line: v.line }, context);
      continue;
    }
    yield* cycloneDxFindings(vulnerabilityOf(el, undefined), components, { line: el.line }, context);
  }
}
