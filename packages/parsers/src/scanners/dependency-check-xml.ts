import type { ParseInput } from '../io/parse-input.js';
import {
  streamXmlElements,
  type XmlElement,
  xmlChild,
  xmlChildren,
  xmlChildText,
} from '../io/xml-elements.js';
import type { DcRecord } from './dependency-check-json.js';
import { type DcDependency, type DcVulnerability, DEPENDENCY_CHECK } from './dependency-check-vuln.js';

/** The text children of an element by name (`<cvssV3><baseScore>9.8</baseScore>…`). */
function fieldsOf(el: XmlElement | undefined): Record<string, string | undefined> | undefined {
  if (!el) return undefined;
  const out: Record<string, string | undefined> = {};
  for (const c of el.children) out[c.name] = c.text.trim() || undefined;
  return out;
}

/** Schema 1.x's `cvssScore`, `cvssAccessVector`, … as the 2.x `cvssV2` fields. */
function schema1Cvss(el: XmlElement): Record<string, string | undefined> | undefined {
  const score = xmlChildText(el, 'cvssScore');
  if (!score) return undefined;
  return {
    score,
    accessVector: xmlChildText(el, 'cvssAccessVector'),
    accessComplexity: xmlChildText(el, 'cvssAccessComplexity'),
    authentication: xmlChildText(el, 'cvssAuthenticationr'),
    confidentialImpact: xmlChildText(el, 'cvssConfidentialImpact'),
    integrityImpact: xmlChildText(el, 'cvssIntegrityImpact'),
    availabilityImpact: xmlChildText(el, 'cvssAvailabilityImpact'),
  };
}

/** A `<vulnerability>`: schema 1.x (cvssScore, cwe) and 2.x–3.x (cvssV2, cvssV3, cwes/cwe). */
function vulnerabilityOf(el: XmlElement): DcVulnerability {
  const cwes = [
    ...xmlChildren(xmlChild(el, 'cwes'), 'cwe').map((c) => c.text.trim()),
    ...xmlChildren(el, 'cwe').map((c) => c.text.trim()),
  ].filter(Boolean);
  return {
    source: el.attributes.source,
    name: xmlChildText(el, 'name'),
    severity: xmlChildText(el, 'severity'),
    cvssV2: fieldsOf(xmlChild(el, 'cvssV2')) ?? schema1Cvss(el),
    cvssV3: fieldsOf(xmlChild(el, 'cvssV3')),
    cvssScore: xmlChildText(el, 'cvssScore'),
    cwes,
    description: xmlChildText(el, 'description'),
    notes: xmlChildText(el, 'notes'),
    knownExploited: xmlChild(el, 'knownExploitedVulnerability') !== undefined,
    references: xmlChildren(xmlChild(el, 'references'), 'reference')
      .map((r) => xmlChildText(r, 'url') ?? '')
      .filter(Boolean),
  };
}

function dependencyOf(el: XmlElement): DcDependency {
  const identifiers = xmlChild(el, 'identifiers');
  const packageIds = [
    ...xmlChildren(identifiers, 'package').map((p) => xmlChildText(p, 'id') ?? ''),
    // Schema 1.x: <identifier type="maven"><name>(g:a:v)</name></identifier>
    ...xmlChildren(identifiers, 'identifier')
      .filter((i) => i.attributes.type === 'maven' || i.attributes.type === 'npm')
      .map((i) => xmlChildText(i, 'name') ?? ''),
  ].filter(Boolean);
  return {
    fileName: xmlChildText(el, 'fileName'),
    filePath: xmlChildText(el, 'filePath'),
    sha256: xmlChildText(el, 'sha256'),
    packageIds,
    isVirtual: el.attributes.isVirtual === 'true',
    relatedPaths: xmlChildren(xmlChild(el, 'relatedDependencies'), 'relatedDependency')
      .map((r) => xmlChildText(r, 'filePath') ?? xmlChildText(r, 'fileName') ?? '')
      .filter((x) => x !== ''),
  };
}

/** The vulnerabilities of an XML report (`<analysis>`, schema 1.x–3.x), dependency by dependency. */
export async function* dependencyCheckXml(
  input: ParseInput,
  state: { suppressed: number; version?: string },
): AsyncGenerator<DcRecord> {
  const elements = streamXmlElements(input, {
    scanner: DEPENDENCY_CHECK,
    roots: ['analysis'],
    expected: 'a dependency-check XML report (<analysis> with dependencies/dependency)',
    select: (p) =>
      p.length === 2
        ? p[1] === 'scanInfo'
        : p.length === 3 && p[1] === 'dependencies' && p[2] === 'dependency',
  });
  for await (const m of elements) {
    const el = m.element;
    if (el.name === 'scanInfo') {
      state.version = xmlChildText(el, 'engineVersion');
      continue;
    }
    const vulnerabilities = xmlChild(el, 'vulnerabilities');
    // Suppressed ones follow the others inside <vulnerabilities> (schema 2.x–4.x).
    state.suppressed += xmlChildren(vulnerabilities, 'suppressedVulnerability').length;
    const dependency = dependencyOf(el);
    for (const v of xmlChildren(vulnerabilities, 'vulnerability'))
      yield { dependency, vulnerability: vulnerabilityOf(v), where: { line: v.line } };
  }
}
