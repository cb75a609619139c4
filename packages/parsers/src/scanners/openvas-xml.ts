import type { ParseInput } from '../io/parse-input.js';
import {
  streamXmlElements,
  type XmlElement,
  xmlAt,
  xmlChild,
  xmlChildren,
  xmlChildText,
} from '../io/xml-elements.js';
import { listOf, OPENVAS, type OpenvasResult } from './openvas-result.js';

/** NVT tag names (`summary=…|insight=…`); a `|` not followed by one of them is part of the value. */
const TAG_NAME = /^([a-z_]{3,32})=/;

/** The NVT's `tags` text (`cvss_base_vector=…|summary=…|solution=…`) as a map. */
function nvtTags(text: string | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  let last: string | undefined;
  for (const part of (text ?? '').split('|')) {
    const m = TAG_NAME.exec(part);
    if (m) {
      last = m[1]!;
      tags[last] = part.slice(m[0].length);
    } else if (last !== undefined) tags[last] += `|${part}`;
  }
  return tags;
}

/** Old reports' `<xref>URL:https://a, CERT:DFN-CERT-…</xref>`: the URLs. */
function xrefUrls(text: string | undefined): string[] {
  return (text ?? '')
    .split(/,\s*/)
    .filter((x) => x.startsWith('URL:'))
    .map((x) => x.slice(4).trim());
}

/** A `<result>` element of a Greenbone/OpenVAS XML report (GMP 7–22, OpenVAS 8 and later). */
function xmlResult(el: XmlElement): OpenvasResult {
  const nvt = xmlChild(el, 'nvt');
  const tags = nvtTags(xmlChild(nvt, 'tags')?.text);
  const refs = xmlChildren(xmlChild(nvt, 'refs'), 'ref');
  const host = xmlChild(el, 'host');
  const severities = xmlChildren(xmlChild(nvt, 'severities'), 'severity');
  const epss = xmlAt(nvt, 'epss', 'max_severity');
  const solution = xmlChild(nvt, 'solution');
  return {
    oid: nvt?.attributes.oid,
    name: xmlChildText(el, 'name') ?? xmlChildText(nvt, 'name'),
    host: host?.text.trim(),
    hostname: xmlChildText(host, 'hostname'),
    port: xmlChildText(el, 'port'),
    threat: xmlChildText(el, 'threat'),
    score: xmlChildText(el, 'severity') ?? xmlChildText(nvt, 'cvss_base'),
    cvssVector: tags.cvss_base_vector ?? xmlChildText(severities[0], 'value'),
    cves: [
      ...refs.filter((r) => r.attributes.type?.toLowerCase() === 'cve').map((r) => r.attributes.id ?? ''),
      ...listOf(xmlChildText(nvt, 'cve')),
    ].filter((c) => c !== ''),
    references: [
      ...refs.filter((r) => r.attributes.type?.toLowerCase() === 'url').map((r) => r.attributes.id ?? ''),
      ...xrefUrls(xmlChildText(nvt, 'xref')),
    ],
    summary: tags.summary,
    insight: tags.insight,
    impact: tags.impact,
    result: xmlChildText(el, 'description'),
    solution: solution?.text.trim() || tags.solution,
    solutionType: solution?.attributes.type ?? tags.solution_type,
    qod: xmlChildText(xmlChild(el, 'qod'), 'value'),
    family: xmlChildText(nvt, 'family'),
    time: xmlChildText(el, 'creation_time') ?? xmlChildText(el, 'modification_time'),
    resultId: el.attributes.id,
    epssScore: xmlChildText(epss, 'score'),
    epssPercentile: xmlChildText(epss, 'percentile'),
  };
}

/** The `<result>` elements of `report/…/results`, in document order, each with its line. */
export async function* openvasXmlResults(
  input: ParseInput,
): AsyncGenerator<{ result: OpenvasResult; line: number }> {
  const elements = streamXmlElements(input, {
    scanner: OPENVAS,
    roots: ['report', 'get_reports_response'],
    expected: 'a Greenbone/OpenVAS XML report (<report> with results/result)',
    select: (p) => p.length >= 3 && p[p.length - 1] === 'result' && p[p.length - 2] === 'results',
  });
  for await (const m of elements) yield { result: xmlResult(m.element), line: m.element.line };
}
