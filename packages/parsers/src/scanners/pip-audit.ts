import type { Finding } from '@scanrelay/findings-schema';
import { z } from 'zod';
import type { ParseInput } from '../io/parse-input.js';
import { streamJsonWithSkeleton } from '../io/stream-json.js';
import { describeValue, ParseError } from '../parse-error.js';
import { defineParser, type ParseOptions } from '../scanner-parser.js';
import { nextFixedVersion } from './support/compare-versions.js';
import { headJson, key } from './support/head-json.js';
import { mergeRepeated } from './support/merge-repeated.js';
import { isRecord, parsedMatches } from './support/parse-with.js';
import { toFinding } from './support/to-finding.js';

const SCANNER = 'pip-audit';
const TOOL = { id: SCANNER, name: 'pip-audit' } as const;

const vulnSchema = z
  .object({
    id: z.string().min(1),
    fix_versions: z.array(z.string()).nullish(),
    aliases: z.array(z.string()).nullish(),
    description: z.string().nullish(),
  })
  .loose();

/**
 * One dependency: audited (`version`, `vulns[]`) or skipped (`skip_reason`, no version). The same
 * record in the 1.x top-level array and in 2.x `dependencies[]`.
 */
const dependencySchema = z
  .object({
    name: z.string().min(1),
    version: z.string().nullish(),
    vulns: z.array(vulnSchema).nullish(),
    skip_reason: z.string().nullish(),
  })
  .loose();
type Dependency = z.infer<typeof dependencySchema>;
type Vuln = z.infer<typeof vulnSchema>;

/** PEP 503 name normalisation, as purls for PyPI want it. */
const pypiName = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

function toPipFinding(dep: Dependency, v: Vuln, at: string): Finding {
  const version = dep.version ?? undefined;
  const fixes = (v.fix_versions ?? []).filter((f) => f.trim() !== '');
  const fixedVersion = nextFixedVersion(version, fixes);
  return toFinding(
    SCANNER,
    { path: at },
    {
      tool: TOOL,
      ruleId: v.id,
      name: `${v.id} in ${dep.name}${version ? `:${version}` : ''}`,
      description: v.description?.trim() || undefined,
      // pip-audit reports no severity; medium, as DefectDojo.
      severity: 'medium',
      category: 'Dependency',
      location: {
        kind: 'package',
        name: dep.name,
        version,
        fixedVersion,
        ecosystem: 'PyPI',
        purl: `pkg:pypi/${encodeURIComponent(pypiName(dep.name))}${version ? `@${encodeURIComponent(version)}` : ''}`,
      },
      cve: [...new Set([v.id, ...(v.aliases ?? [])].filter((id) => id.trim() !== ''))],
      mitigation: fixedVersion ? `Upgrade to version: ${fixes.join(', ')}` : undefined,
      attributes: fixes.length > 0 ? { fixVersions: fixes } : {},
    },
  );
}

async function* findings(input: ParseInput, options: ParseOptions | undefined): AsyncGenerator<Finding> {
  const stream = streamJsonWithSkeleton(input, {
    scanner: SCANNER,
    select: ['$[*]', '$.dependencies[*]'],
    skip: ['$.fixes'],
  });
  let skipped = 0;
  for await (const { at, value: dep } of parsedMatches(
    SCANNER,
    stream.matches,
    dependencySchema,
    'a pip-audit dependency {name, version, vulns[]} or {name, skip_reason}',
  )) {
    if (dep.vulns === undefined || dep.vulns === null) {
      if (dep.skip_reason === undefined || dep.skip_reason === null)
        throw new ParseError(SCANNER, { path: `${at}.vulns` }, 'a vulns array or a skip_reason', {
          got: 'neither',
        });
      skipped++;
      continue;
    }
    for (const [i, v] of dep.vulns.entries()) yield toPipFinding(dep, v, `${at}.vulns[${i}]`);
  }
  const doc = stream.skeleton();
  if (!Array.isArray(doc) && !(isRecord(doc) && Array.isArray(doc.dependencies)))
    throw new ParseError(
      SCANNER,
      { path: '$' },
      'pip-audit -f json output: a dependency array (1.x) or {dependencies: [], fixes: []} (2.x)',
      { got: describeValue(doc) },
    );
  if (skipped > 0)
    options?.onWarning?.(`pip-audit: ${skipped} dependency(ies) were skipped by pip-audit and not audited`);
}

/** `[{"name": …, "version": …, "vulns": […]}` (1.x) or `{"dependencies": [{…}]` (2.x). */
const DEPENDENCY_START = /^\s*(?:\[|\{\s*"dependencies"\s*:\s*\[)\s*(?:\]|\{\s*"name"\s*:)/;

export const pipAuditParser = defineParser({
  id: SCANNER,
  name: 'pip-audit',
  formats:
    'pip-audit -f json: the 1.x top-level dependency array and the 2.x {dependencies: [], fixes: []}; skipped dependencies are warnings',
  detect(head) {
    const doc = headJson(head);
    // An empty 2.x report is exactly {"dependencies": []} (with `fixes` when --fix was asked); an empty
    // 1.x report, `[]`, has nothing to recognise and is left to an explicit scanner type.
    if (
      isRecord(doc) &&
      Array.isArray(doc.dependencies) &&
      doc.dependencies.length === 0 &&
      Object.keys(doc).every((k) => k === 'dependencies' || k === 'fixes')
    )
      return 80;
    if (!DEPENDENCY_START.test(head)) return 0;
    return key('vulns').test(head) || key('skip_reason').test(head) ? 95 : 0;
  },
  parse: (input, options) =>
    options?.oneFindingPerRecord ? findings(input, options) : mergeRepeated(findings(input, options)),
});
