import type { Finding } from '@scanrelay/findings-schema';
import type { ParseInput } from '../io/parse-input.js';
import { ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { dependencyCheckJson } from './dependency-check-json.js';
import { DEPENDENCY_CHECK, dcDraft } from './dependency-check-vuln.js';
import { dependencyCheckXml } from './dependency-check-xml.js';
import { hasAll, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { toFinding } from './support/to-finding.js';

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const head = await input.headText(4096);
  const isXml = /^\uFEFF?\s*</.test(head);
  const state: { suppressed: number; version?: string } = { suppressed: 0 };
  const records = isXml ? dependencyCheckXml(input, state) : dependencyCheckJson(input, state);
  for await (const r of records) {
    if (!r.vulnerability.name)
      throw new ParseError(DEPENDENCY_CHECK, r.where, 'a dependency-check vulnerability with its name', {
        got: 'one without',
      });
    const label = r.where.path ?? `line ${r.where.line}`;
    yield toFinding(
      DEPENDENCY_CHECK,
      r.where,
      dcDraft(r.dependency, r.vulnerability, options, label, state.version || undefined),
    );
  }
  if (state.suppressed > 0)
    options?.onWarning?.(
      `dependency-check: ${state.suppressed} suppressed vulnerability(ies) (suppression file) are not imported`,
    );
}

export const dependencyCheckParser = defineParser({
  id: DEPENDENCY_CHECK,
  name: 'OWASP Dependency-Check',
  formats:
    'dependency-check -f XML (<analysis>, schema 1.x–3.x: identifiers or packages, cvssScore/cwe or cvssV2/cvssV3/cwes) and -f JSON (reportSchema 1.x: dependencies[].vulnerabilities[]); one finding per vulnerability and dependency; suppressed ones skipped',
  detect(head) {
    if (/^\uFEFF?\s*</.test(head))
      return /<analysis\b[^>]{0,300}jeremylong\.github\.io\/DependencyCheck\/dependency-check\.\d/.test(head)
        ? 95
        : 0;
    if (!/^\uFEFF?\s*\{/.test(head)) return 0;
    if (hasAll(head, [key('reportSchema'), key('scanInfo'), key('engineVersion')])) return 95;
    return 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
